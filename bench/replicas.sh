#!/usr/bin/env bash
# Replica extraction speed (issue 5, item 8): our `ingest` with history.source: replicas, reading
# every revision of a generated wiki, against the mariadb client running the same SELECT (same
# joins, same columns) with its rows written to /dev/null, in the same run, on the same server.
#
#   bench/replicas.sh [ROWS]          default 2000000 revisions
#   CM_BENCH_MAX_CONNECTIONS=1 bench/replicas.sh   one connection, as the client has (default 2)
#
# Needs: a MariaDB on 127.0.0.1:3306 as root with no password (CM_BENCH_MARIADB_* to change),
# the `mariadb` client, GNU time. The database cmbench_enwiki is created, and dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
HOST=${CM_BENCH_MARIADB_HOST:-127.0.0.1}
PORT=${CM_BENCH_MARIADB_PORT:-3306}
DB=cmbench_enwiki
WORK=bench/work/replicas
mkdir -p "$WORK"
mysql_() { mariadb -h "$HOST" -P "$PORT" -u root "$@"; }

echo "== generating $ROWS revisions in $DB"
mysql_ -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET binary"
sed -e 's/--.*$//' src/test/resources/replicas/mediawiki-core.sql src/test/resources/replicas/replica-views.sql \
  | mysql_ "$DB"
mysql_ "$DB" <<SQL
INSERT INTO user (user_id, user_name, user_password, user_newpassword, user_email, user_touched, user_registration)
  SELECT seq, concat('User ', seq), '', '', '', '20260101000000', '20200101000000' FROM seq_1_to_5000;
INSERT INTO actor (actor_id, actor_user, actor_name) SELECT seq, seq, concat('User ', seq) FROM seq_1_to_5000;
INSERT INTO page (page_id, page_namespace, page_title, page_random, page_touched, page_latest, page_len)
  SELECT seq, seq % 4, concat('Page_', seq), 0.5, '20260101000000', 0, 0 FROM seq_1_to_50000;
INSERT INTO change_tag_def (ctd_id, ctd_name, ctd_user_defined) VALUES (1, 'mw-reverted', 0);
INSERT INTO revision (rev_id, rev_page, rev_actor, rev_timestamp, rev_len, rev_parent_id, rev_sha1)
  SELECT seq, 1 + seq % 50000, 1 + (seq * 7) % 5000,
         date_format(timestamp('2021-01-01') + interval (seq * 30) second, '%Y%m%d%H%i%s'),
         100 + seq % 997, IF(seq <= 50000, 0, seq - 50000), 'x'
  FROM seq_1_to_${ROWS};
INSERT INTO change_tag (ct_rev_id, ct_tag_id) SELECT seq, 1 FROM seq_1_to_${ROWS} WHERE seq % 50 = 0;
ANALYZE TABLE revision, actor, page, change_tag;
SQL

# The query EditsReader runs (one full range, without its keyset pages)
QUERY="SELECT STRAIGHT_JOIN t.rev_id, t.rev_id, t.rev_timestamp, t.rev_actor, a.actor_user, convert(a.actor_name using utf8mb4),
 t.rev_page, p.page_namespace, t.rev_parent_id, t.rev_len, pr.rev_len,
 EXISTS (SELECT 1 FROM change_tag ct JOIN change_tag_def d ON d.ctd_id = ct.ct_tag_id
         WHERE ct.ct_rev_id = t.rev_id AND d.ctd_name = 'mw-reverted')
 FROM revision_userindex t JOIN actor a ON a.actor_id = t.rev_actor
 LEFT JOIN page p ON p.page_id = t.rev_page LEFT JOIN revision pr ON pr.rev_id = t.rev_parent_id
 WHERE t.rev_timestamp >= '00000000000000' AND t.rev_timestamp < '20261001000000' ORDER BY t.rev_id"

CNF="$WORK/bench.my.cnf"
printf '[client]\nuser = root\npassword = \n' > "$CNF"
cat > "$WORK/bench.yaml" <<YAML
snapshot: "2026-09"
warehouse: $WORK/warehouse
history:
  source: replicas
  wikis: [enwiki]
replicas:
  host_pattern: $HOST
  port: $PORT
  database_pattern: "cmbench_{wiki}"
  credentials_file: $CNF
  max_connections: ${CM_BENCH_MAX_CONNECTIONS:-2}
output:
  formats: [parquet]
YAML

bin/campaign-metrics --help >/dev/null   # build outside the timings
client=()
ours=()
rates=()
for run in 1 2 3; do
  s=$(date +%s.%N)
  mysql_ --batch -e "$QUERY" "$DB" > /dev/null
  e=$(date +%s.%N)
  client+=("$(echo "$e - $s" | bc)")
  rm -rf "$WORK/warehouse"
  s=$(date +%s.%N)
  bin/campaign-metrics ingest --config "$WORK/bench.yaml" > "$WORK/ours.out" 2> "$WORK/ours.log"
  e=$(date +%s.%N)
  ours+=("$(echo "$e - $s" | bc)")
  line=$(grep -o 'revision rows staged.*rows/s' "$WORK/ours.log" | tail -1)
  rates+=("$(echo "$line" | grep -o '[0-9]* rows/s' | grep -o '[0-9]*')")
  echo "run $run: client ${client[-1]} s; ours: whole process ${ours[-1]} s, extraction: $line"
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
mc=$(median "${client[@]}")
mo=$(median "${ours[@]}")
mr=$(median "${rates[@]}")
crate=$(echo "$ROWS / $mc" | bc)
wrate=$(echo "$ROWS / $mo" | bc)
echo
echo "replicas.max_connections: ${CM_BENCH_MAX_CONNECTIONS:-2} (the client: one connection)"
echo "rows: $ROWS (every revision; edits rows staged = $(grep -o '[0-9]* revision rows staged' "$WORK/ours.log" | grep -o '^[0-9]*'))"
echo "mariadb --batch > /dev/null: median $mc s = $crate rows/s"
echo "ours, extraction step (JDBC + Parquet staging): median $mr rows/s = $(echo "scale=2; $mr / $crate" | bc) x the client's rate"
echo "ours, whole ingest process (JVM start, extraction, users, publish): median $mo s = $wrate rows/s = $(echo "scale=2; $wrate / $crate" | bc) x"
mysql_ -e "DROP DATABASE $DB"
