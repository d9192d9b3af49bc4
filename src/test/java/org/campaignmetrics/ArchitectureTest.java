package org.campaignmetrics;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.campaignmetrics.sink.Outputs;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.spark.SpawnFreeLocalFileSystem;
import org.junit.jupiter.api.Test;

/**
 * The import rules of docs/architecture.md ("Packages and their rules"), checked on the compiled
 * main classes: a change that breaks one fails the build with the offending dependency named.
 */
class ArchitectureTest {
  private static final String OURS = "org.campaignmetrics..";
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.campaignmetrics");

  /** Classes of ours in none of the given packages (and their subpackages). */
  private static DescribedPredicate<JavaClass> oursOutside(String... packages) {
    return resideInAPackage(OURS).and(not(resideInAnyPackage(packages)));
  }

  private static ArchRule onlyOurs(String layer, String... allowed) {
    return noClasses().that().resideInAPackage(layer).should().dependOnClassesThat(oursOutside(allowed));
  }

  @Test
  void theRulesSeeTheWholeCodebase() {
    // a wrong package name would make every rule below pass vacuously
    assertTrue(MAIN.containPackage("org.campaignmetrics.source.dumps"));
    assertTrue(MAIN.stream().count() > 100, "classes imported: " + MAIN.stream().count());
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("org.campaignmetrics.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void formatIsPureCodecsAndConfigReadsOnlyThem() {
    onlyOurs("org.campaignmetrics.format..", "org.campaignmetrics.format..")
        .because("format/ holds pure codecs: no Spark-job code, no I/O of ours").check(MAIN);
    noClasses().that().resideInAPackage("org.campaignmetrics.format..").should().dependOnClassesThat()
        .resideInAPackage("org.apache.spark..").because("format/ is plain Java (no Spark)").check(MAIN);
    onlyOurs("org.campaignmetrics.config..", "org.campaignmetrics.config..", "org.campaignmetrics.format..")
        .because("config/ reads YAML and the campaigns CSV (format/Csv), nothing else of ours").check(MAIN);
  }

  @Test
  void modelImportsOnlyConfigAndFormat() {
    onlyOurs("org.campaignmetrics.model..", "org.campaignmetrics.model..", "org.campaignmetrics.config..",
        "org.campaignmetrics.format..").check(MAIN);
  }

  @Test
  void metricsArePureTransformations() {
    onlyOurs("org.campaignmetrics.metrics..", "org.campaignmetrics.metrics..", "org.campaignmetrics.model..",
        "org.campaignmetrics.config..", "org.campaignmetrics.format..")
        .because("metrics read no source and write no sink: Dataset -> Dataset").check(MAIN);
  }

  @Test
  void noSourceImportsAnotherSource() {
    slices().matching("org.campaignmetrics.source.(*)..").should().notDependOnEachOther()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage("org.campaignmetrics.source.mariadb.."))
        .because("each source turns its input into the canonical datasets on its own; source/mariadb is the "
            + "connection plumbing every MariaDB reader shares, not a source")
        .check(MAIN);
  }

  @Test
  void sourcesUseOnlyTheSharedLayersAndTheWarehouseTheyAreHanded() {
    onlyOurs("org.campaignmetrics.source..", "org.campaignmetrics.source..", "org.campaignmetrics.model..",
        "org.campaignmetrics.config..", "org.campaignmetrics.format..", "org.campaignmetrics.spark..",
        "org.campaignmetrics.sink..").check(MAIN);
    noClasses().that().resideInAPackage("org.campaignmetrics.source..").should().dependOnClassesThat(
        resideInAPackage("org.campaignmetrics.sink..").and(not(belongToAnyOf(Warehouse.class, Outputs.class)))
            .and(resideOutsideOfPackage("org.campaignmetrics.sink.parquet..")))
        .because("a source writes through the Warehouse it is handed and Outputs").check(MAIN);
    noClasses().that().resideInAPackage("org.campaignmetrics.source..")
        .and().resideOutsideOfPackage("org.campaignmetrics.source.dumps..")
        .should().dependOnClassesThat().resideInAPackage("org.campaignmetrics.sink.parquet..")
        .because("the one exception: the dump staging tasks write Parquet through sink/parquet themselves, which "
            + "keeps ingest near the decompression limit (docs/performance.md)")
        .check(MAIN);
  }

  @Test
  void sinksKnowNoSourceMetricOrJob() {
    onlyOurs("org.campaignmetrics.sink..", "org.campaignmetrics.sink..", "org.campaignmetrics.model..",
        "org.campaignmetrics.config..", "org.campaignmetrics.format..", "org.campaignmetrics.spark..").check(MAIN);
  }

  @Test
  void sparkPlumbingAndTheSampleStandAlone() {
    onlyOurs("org.campaignmetrics.spark..", "org.campaignmetrics.spark..", "org.campaignmetrics.config..")
        .check(MAIN);
    onlyOurs("org.campaignmetrics.sample..", "org.campaignmetrics.sample..", "org.campaignmetrics.format..",
        "org.campaignmetrics.model..", "org.campaignmetrics.config..")
        .because("the sample writes dumps with format/dumps' encoder, as the reader decodes them").check(MAIN);
  }

  @Test
  void hadoopSettingsWithoutASessionComeFromOnePlace() {
    noClasses().that(not(belongToAnyOf(SpawnFreeLocalFileSystem.class)))
        .should().callConstructor(org.apache.hadoop.conf.Configuration.class)
        .because("Hadoop keeps the first file:// file system made in a JVM: one made from bare settings before the "
            + "session is Hadoop's own, a chmod process per file written (SpawnFreeLocalFileSystem.configuration)")
        .check(MAIN);
  }

  @Test
  void commandsOnlyParseCallAJobAndPrint() {
    noClasses().that().resideInAPackage("org.campaignmetrics.cli..").should().dependOnClassesThat(
        oursOutside("org.campaignmetrics.cli..", "org.campaignmetrics.job..", "org.campaignmetrics.config..",
            "org.campaignmetrics.spark..", "org.campaignmetrics.sample..", "org.campaignmetrics.format..")
            .and(not(belongToAnyOf(IngestResult.class, IngestException.class))))
        .because("cli/ is picocli: it opens the session, calls a job and prints its result record (with format/'s "
            + "codecs, e.g. show --format csv; IngestResult is ingest's, IngestException maps to exit code 1)")
        .check(MAIN);
    classes().that().resideInAPackage("org.campaignmetrics.job..").should().onlyHaveDependentClassesThat()
        .resideInAnyPackage("org.campaignmetrics.job..", "org.campaignmetrics.cli..")
        .because("jobs wire everything; only commands call them").check(MAIN);
  }
}
