#!/usr/bin/env bash
# jobs/smoke-standalone-cluster.sh — the job on a real Spark cluster, not local mode (issue 20, item 5).
#
# Starts a Spark standalone master and two workers (one core each) as separate processes on
# 127.0.0.1, spark-submits the job jar to it (client mode, two executors) on the bundled sample,
# and checks that
#   1. every output equals the local run's (bench/compare-warehouses.sh: each dataset's rows and
#      schema, each CSV byte for byte), with the warehouse on the shared local disk;
#   2. the work was spread: Spark's event log has tasks on both executors;
#   3. the same with the warehouse on a real HDFS (a NameNode and a DataNode of Hadoop's
#      MiniDFSCluster, started as a process of its own from hadoop-client-minicluster at Spark's
#      Hadoop version), so that nothing assumes a local path.
# There is no Spark installation here: SPARK_HOME is made from the Maven artifacts (jars/ links
# Spark's jars, the provided scope of the pom; a RELEASE file makes the launcher take jars/ as a
# distribution's). Everything runs under a fresh temporary folder (CM_SMOKE_DIR to choose it) and
# every process it starts is stopped on exit. Prints how long each part took.
#   jobs/smoke-standalone-cluster.sh [--no-hdfs] [--keep] [--reference WAREHOUSE]
# --reference: a warehouse the local launcher wrote with conf/sample.yaml (bin/test passes the
# delivery tests' one) instead of a local run of its own; --keep keeps the temporary folder.
# Environment: CM_SPARK_MASTER_PORT (default 7077).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HDFS=1; KEEP=0; REFERENCE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-hdfs) HDFS=0 ;;
    --keep) KEEP=1 ;;
    --reference) REFERENCE="$(cd "${2:?--reference needs a warehouse folder}" && pwd)"; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "smoke-standalone-cluster: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
started=$(date +%s)
say() { echo "smoke-standalone-cluster: $* ($(( $(date +%s) - started )) s)"; }
WORK="${CM_SMOKE_DIR:-$(mktemp -d /tmp/cm-cluster.XXXXXX)}"
mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP" = 0 ] && [ -z "${CM_SMOKE_DIR:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for_line() {   # FILE PATTERN SECONDS WHAT
  for _ in $(seq 1 "$3"); do
    grep -q -E "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "smoke-standalone-cluster: $4 did not start within $3 s; its log ($1):" >&2
  tail -n 40 "$1" >&2
  exit 1
}

# --- the job jar, Spark's classpath and the launcher's build ------------------------------------
mvn -q -B -o -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/provided-cp.txt \
  -Dmdep.includeScope=provided 2>/dev/null \
  || mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/provided-cp.txt \
       -Dmdep.includeScope=provided
JOB_JAR="$(ls "$ROOT"/target/campaign-metrics-*-job.jar)"
bin/campaign-metrics --version >/dev/null        # the launcher's own build, for the local run
say "built $(basename "$JOB_JAR")"

# --- SPARK_HOME from the Maven artifacts -------------------------------------------------------
SPARK_HOME="$WORK/spark-home"
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
# Spark's jars only: drop what the job jar itself ships.
tr ':' '\n' < target/provided-cp.txt | grep -v -E '/(picocli|mariadb-java-client|postgresql|jackson-dataformat-yaml|commons-compress)-' \
  | while read -r jar; do ln -sf "$jar" "$SPARK_HOME/jars/"; done
SPARK_VERSION="$(ls "$SPARK_HOME/jars" | sed -n 's/^spark-core_2\.13-\(.*\)\.jar$/\1/p')"
HADOOP_VERSION="$(ls "$SPARK_HOME/jars" | sed -n 's/^hadoop-client-api-\(.*\)\.jar$/\1/p')"
echo "Spark $SPARK_VERSION (Scala 2.13, Hadoop $HADOOP_VERSION), made from Maven artifacts by jobs/smoke-standalone-cluster.sh" \
  > "$SPARK_HOME/RELEASE"
cp conf/log4j2.properties "$SPARK_HOME/conf/log4j2.properties"
# The daemons (master, workers, HDFS) log at INFO: the lines waited for below are INFO lines.
printf '%s\n' 'rootLogger.level = info' 'rootLogger.appenderRef.stderr.ref = console' 'appender.console.type = Console' \
  'appender.console.name = console' 'appender.console.target = SYSTEM_ERR' 'appender.console.layout.type = PatternLayout' \
  'appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex' > "$SPARK_HOME/conf/log4j2-daemons.properties"
export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
FLAGS="$(sed 's/#.*//' .mvn/jvm.config | tr '\n' ' ') -Duser.timezone=UTC"
SPARK_JAVA=(java $FLAGS -Xmx512m -Dlog4j.configurationFile="file:$SPARK_HOME/conf/log4j2-daemons.properties" -cp "$SPARK_HOME/jars/*")

# --- the cluster: a master and two workers of one core each --------------------------------------
MASTER_PORT="${CM_SPARK_MASTER_PORT:-7077}"
MASTER="spark://127.0.0.1:$MASTER_PORT"
"${SPARK_JAVA[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" \
  --webui-port "$(free_port)" > "$WORK/master.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/master.log" "I have been elected leader|ALIVE" 60 "the master"
for n in 1 2; do
  mkdir -p "$WORK/worker-$n"
  "${SPARK_JAVA[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2500m \
    --work-dir "$WORK/worker-$n" --webui-port "$(free_port)" "$MASTER" > "$WORK/worker-$n.log" 2>&1 &
  PIDS+=($!)
done
for n in 1 2; do wait_for_line "$WORK/worker-$n.log" "Successfully registered with master" 60 "worker $n"; done
say "master $MASTER and two workers (1 core, 2500 MB each) up"

# --- the local run, the reference ---------------------------------------------------------------
LOCAL="$REFERENCE"
if [ -z "$LOCAL" ]; then
  LOCAL="$WORK/local"
  bin/campaign-metrics run --config conf/sample.yaml --warehouse "$LOCAL" > "$WORK/local.log" 2>&1 \
    || { tail -n 40 "$WORK/local.log" >&2; exit 1; }
  say "local run done"
fi

# Two executors of one core each; shuffle partitions as a local run of two cores gets them (4 per
# core: SparkSessions), not Spark's 200 (docs/cluster.md "Settings that matter").
submit() {   # WAREHOUSE NAME
  local events="$WORK/events-$2"
  mkdir -p "$events"
  if ! java $FLAGS -Xmx2g -Dlog4j.configurationFile="file:$SPARK_HOME/conf/log4j2.properties" -cp "$SPARK_HOME/jars/*" \
      org.apache.spark.deploy.SparkSubmit --master "$MASTER" --deploy-mode client \
      --conf spark.executor.cores=1 --conf spark.cores.max=2 --conf spark.executor.memory=2g \
      --conf spark.sql.shuffle.partitions=8 \
      --conf "spark.executor.extraJavaOptions=$FLAGS" \
      --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$events" \
      --conf spark.eventLog.compress=false --conf spark.eventLog.rolling.enabled=false \
      --class org.campaignmetrics.cli.Main "$JOB_JAR" run --config conf/sample.yaml --warehouse "$1" \
      > "$WORK/$2.log" 2>&1; then
    tail -n 60 "$WORK/$2.log" >&2
    echo "smoke-standalone-cluster: the $2 run failed (log above: $WORK/$2.log)" >&2
    exit 1
  fi
  say "$2 run done"
  # The work was spread: tasks on both executors (the driver runs none on a cluster).
  python3 - "$events" "$2" <<'PY'
import collections, json, pathlib, sys
logs = [p for p in pathlib.Path(sys.argv[1]).rglob("*") if p.is_file() and not p.name.startswith(".")]
tasks, added = collections.Counter(), set()
for log in logs:
    for line in log.open(encoding="utf-8"):
        event = json.loads(line)
        if event["Event"] == "SparkListenerTaskEnd":
            tasks[event["Task Info"]["Executor ID"]] += 1
        elif event["Event"] == "SparkListenerExecutorAdded":
            added.add(event["Executor ID"])
print(f"smoke-standalone-cluster: {sys.argv[2]}: {len(logs)} event log, executors added {sorted(added)}, "
      f"tasks per executor {dict(sorted(tasks.items()))}")
if len(added) != 2 or len([e for e, n in tasks.items() if e != "driver" and n > 0]) != 2:
    sys.exit(f"smoke-standalone-cluster: {sys.argv[2]}: expected tasks on two executors")
PY
}

# --- the cluster run, warehouse on the shared local disk -----------------------------------------
submit "$WORK/cluster" cluster
bench/compare-warehouses.sh "$LOCAL" "$WORK/cluster" | sed 's/^/  /'
say "cluster run's outputs equal the local run's"
# On a cluster the reused frames are reliable checkpoints in the warehouse (spark/Frames), each
# deleted when released: the folder was made, and nothing is left in it.
checkpoints="$WORK/cluster/_tmp/snapshot=2026-09/checkpoints"
[ -d "$checkpoints" ] || { echo "smoke-standalone-cluster: no checkpoint folder $checkpoints" >&2; exit 1; }
left="$(find "$checkpoints" -type f | wc -l)"
[ "$left" = 0 ] || { echo "smoke-standalone-cluster: $left checkpoint file(s) left in $checkpoints" >&2; exit 1; }

# --- the same with the warehouse on HDFS --------------------------------------------------------
if [ "$HDFS" = 1 ]; then
  MINI="$ROOT/target/hdfs-minicluster"
  if [ ! -f "$MINI/hadoop-client-minicluster-$HADOOP_VERSION.jar" ]; then
    mvn -q -B dependency:copy -Dartifact="org.apache.hadoop:hadoop-client-minicluster:$HADOOP_VERSION" \
      -DoutputDirectory="$MINI"
  fi
  NN_PORT="$(free_port)"
  java $FLAGS -Xmx1g -Dlog4j.configurationFile="file:$SPARK_HOME/conf/log4j2-daemons.properties" \
    -Dtest.build.data="$WORK/hdfs" -Dhadoop.tmp.dir="$WORK/hdfs/tmp" \
    -cp "$MINI/hadoop-client-minicluster-$HADOOP_VERSION.jar:$SPARK_HOME/jars/*" \
    org.apache.hadoop.test.MiniDFSClusterManager -format -nnport "$NN_PORT" -datanodes 1 \
    -writeConfig "$WORK/hdfs-site.xml" > "$WORK/minidfs.log" 2>&1 &
  PIDS+=($!)
  wait_for_line "$WORK/minidfs.log" "Started MiniDFSCluster" 120 "the MiniDFSCluster"
  say "HDFS up at hdfs://127.0.0.1:$NN_PORT"
  submit "hdfs://127.0.0.1:$NN_PORT/campaign-metrics/warehouse" hdfs
  bench/compare-warehouses.sh "$LOCAL" "hdfs://127.0.0.1:$NN_PORT/campaign-metrics/warehouse" | sed 's/^/  /'
  say "HDFS run's outputs equal the local run's"
fi
say "OK"
