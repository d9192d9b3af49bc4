package org.campaignmetrics.cli;

import java.util.Set;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.spark.SparkSessions;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code campaign-metrics}: dispatches to the commands. Exit codes: 0 success, 1 job failure,
 * 2 bad arguments or config. Locally through {@code bin/campaign-metrics}; on a cluster
 * {@code spark-submit --class org.campaignmetrics.cli.Main campaign-metrics-<version>-job.jar …}.
 */
@Command(name = "campaign-metrics", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Retention and event-goal metrics for Wikimedia campaigns, on Apache Spark.",
    subcommands = {IngestCommand.class, RetentionCommand.class, GoalsCommand.class, RunCommand.class,
        ShowCommand.class, ValidateCommand.class, SampleCommand.class, SupersetCommand.class,
        TablesCommand.class, ReportCommand.class})
public final class Main implements Runnable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  /** The commands that start a Spark session. */
  private static final Set<String> SPARK_COMMANDS = Set.of("ingest", "retention", "goals", "run", "report");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && SPARK_COMMANDS.contains(args[0])) {
      SparkSessions.warmUpInBackground();
    }
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable cause = e;
      if (cause instanceof ConfigException config) {
        for (String problem : config.problems()) {
          commandLine.getErr().println("config error: " + problem);
        }
        return BAD_INPUT;
      }
      if (cause instanceof IngestException ingest) {
        commandLine.getErr().println(ingest.getMessage());
        return FAILED;
      }
      String full = diskFull(cause);
      if (full != null) {
        LoggerFactory.getLogger("campaign-metrics").error("failed: the disk is full", cause);
        commandLine.getErr().println(diskFullMessage(full));
        return FAILED;
      }
      LoggerFactory.getLogger("campaign-metrics").error("failed: {}", cause.toString(), cause);
      commandLine.getErr().println("failed: " + cause);
      return FAILED;
    });
    try {
      return cli.execute(args);
    } catch (Error e) {
      // Hadoop's local file system reports a full disk as an Error (FSError), which picocli passes on
      String full = diskFull(e);
      if (full == null) {
        throw e;
      }
      LoggerFactory.getLogger("campaign-metrics").error("failed: the disk is full", e);
      cli.getErr().println(diskFullMessage(full));
      return FAILED;
    }
  }

  private static String diskFullMessage(String full) {
    return "failed: the disk is full (" + full + "). Nothing more was written; a dataset this run had not "
        + "replaced yet is as the last run left it. Free some space and run the command again.";
  }

  private static final String NO_SPACE = "No space left on device";

  /** The message that says a write found no space left, anywhere in the causes (Spark wraps it), or null. */
  static String diskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains(NO_SPACE)) {
        return message.lines().filter(l -> l.contains(NO_SPACE)).findFirst().orElseThrow().strip();
      }
    }
    return null;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"campaign-metrics " + (version == null ? "(development build)" : version)};
    }
  }
}
