#!/usr/bin/env bash
# Submit campaign-metrics to a Spark cluster. Every argument is passed to the job, e.g.
#   JOB_JAR=target/campaign-metrics-0.1.0-job.jar jobs/campaign-metrics-submit.sh run --config campaigns.yaml
#
# Environment (defaults in brackets):
#   SPARK_SUBMIT      spark-submit binary                    [spark-submit]
#   SPARK_MASTER      --master                               [yarn]
#   DEPLOY_MODE       --deploy-mode (client|cluster)         [client]
#   DRIVER_MEMORY     --driver-memory                        [4g]
#   EXECUTOR_MEMORY   --executor-memory                      [8g]
#   EXECUTOR_CORES    --executor-cores                       [4]
#   NUM_EXECUTORS     --num-executors (empty: dynamic allocation decides)
#   JOB_JAR           the job jar                            [target/campaign-metrics-<version>-job.jar]
#   EXTRA_SUBMIT_ARGS more spark-submit options, e.g. "--files campaigns.yaml --queue analytics"
# In cluster deploy mode the driver runs on the cluster: ship the config with
#   EXTRA_SUBMIT_ARGS="--files /path/to/campaigns.yaml" and pass --config campaigns.yaml.
# spark-submit adds Spark's Java 17 module flags itself (SparkSubmitCommandBuilder calls JavaModuleOptions).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOB_JAR="${JOB_JAR:-$(ls "$ROOT"/target/campaign-metrics-*-job.jar 2>/dev/null | head -1)}"
if [ -z "$JOB_JAR" ] || [ ! -f "$JOB_JAR" ]; then
  echo "campaign-metrics-submit: no job jar; build it with 'mvn -DskipTests package' or set JOB_JAR" >&2
  exit 2
fi
args=(
  --master "${SPARK_MASTER:-yarn}"
  --deploy-mode "${DEPLOY_MODE:-client}"
  --driver-memory "${DRIVER_MEMORY:-4g}"
  --executor-memory "${EXECUTOR_MEMORY:-8g}"
  --executor-cores "${EXECUTOR_CORES:-4}"
  --conf spark.yarn.maxAppAttempts=1   # retries belong to the scheduler (cron/Airflow), not to YARN
  --name "campaign-metrics $*"
)
if [ -n "${NUM_EXECUTORS:-}" ]; then
  args+=(--num-executors "$NUM_EXECUTORS")
fi
# shellcheck disable=SC2086
exec "${SPARK_SUBMIT:-spark-submit}" "${args[@]}" ${EXTRA_SUBMIT_ARGS:-} \
  --class org.campaignmetrics.cli.Main "$JOB_JAR" "$@"
