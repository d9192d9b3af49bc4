#!/usr/bin/env bash
# Checks the job jar the way a cluster runs it, on a machine without a Spark installation:
# Spark's own SparkSubmit class (what bin/spark-submit calls) with only Spark's jars on the
# classpath, the job jar as the application, the bundled sample as input.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/provided-cp.txt \
  -Dmdep.includeScope=provided
# Spark's jars only: drop what the job jar itself ships.
SPARK_CP="$(tr ':' '\n' < target/provided-cp.txt | grep -v -E '/(picocli|mariadb-java-client|jackson-dataformat-yaml)-' | paste -sd:)"
FLAGS="$(sed 's/#.*//' .mvn/jvm.config | tr '\n' ' ')"
WAREHOUSE="$(mktemp -d)/warehouse"
# shellcheck disable=SC2086
java $FLAGS -cp "$SPARK_CP" -Dlog4j.configurationFile=conf/log4j2.properties \
  org.apache.spark.deploy.SparkSubmit --master 'local[2]' --class org.campaignmetrics.cli.Main \
  "$(ls target/campaign-metrics-*-job.jar)" run --config conf/sample.yaml --warehouse "$WAREHOUSE"
echo "smoke-spark-submit: OK (outputs in $WAREHOUSE)"
