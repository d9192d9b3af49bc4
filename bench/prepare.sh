#!/usr/bin/env bash
# bench/prepare.sh — what every bench does before its timed runs: builds the project through the
# launcher, and records the launcher's class-data archive (README, "Launcher environment"; the
# first Spark command after a build records it) on the bundled sample, so that no timed run
# pays for recording it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bin/campaign-metrics --version >/dev/null
if [ ! -f target/campaign-metrics.jsa ]; then
  warmup="$(mktemp -d)"
  trap 'rm -rf "$warmup"' EXIT
  bin/campaign-metrics ingest --config conf/sample.yaml --warehouse "$warmup/warehouse" >/dev/null 2>&1
fi
