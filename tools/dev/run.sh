#!/usr/bin/env bash
# Entry point of `npm start` and `npm test`: installs what is missing
# (tools/bootstrap/env.sh), starts the servers the command needs, runs it, and
# stops what it started — so both commands work on a fresh clone of a fresh machine.
#
#   run.sh start [--duration=SECONDS] [--rate=N]   the pipeline on synthetic data
#   run.sh test [vitest args…]                      every unit and integration test (vitest)
#   run.sh unit [vitest args…]                      the unit project only: no servers, no build
#   run.sh watch [vitest args…]                     the unit project in watch mode
#   run.sh replay FILE.jsonl…                      publish recorded tweets into the running stack
#   run.sh sink-rebuild [--since=ISO] [--drop]      rebuild MongoDB from tweets.clean (sink stopped)
#   run.sh chaos [--only=…] [--repeat=N]           chaos drills: docs/reliability.{md,json}
#   run.sh bench [--only=…] [--scale=…]             the benchmark suite: docs/benchmarks.{md,json,svg}
#   run.sh bench NAME…                             one micro-benchmark */dist/bench/NAME.bench.js (figures, no verdict)
#
# With a Docker engine and TP_USE_DOCKER=1, `start` uses docker-compose.yml and
# tests get Kafka and MongoDB from testcontainers instead of the local stack.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../bootstrap/env.sh
source "$here/../bootstrap/env.sh"

command="${1:-}"
shift || true
[[ "$command" =~ ^(start|test|unit|watch|replay|bench|chaos|sink-rebuild)$ ]] || { echo "usage: run.sh start|test|unit|watch|replay|bench|chaos|sink-rebuild [args…]" >&2; exit 2; }

case "$command" in
  test|unit|watch) tp_bootstrap_deps ;;
  *) tp_bootstrap ;;
esac

stack="$TP_ROOT/tools/local-stack/local-stack.sh"
started_stack=0
start_stack() {
  if bash "$stack" status >/dev/null 2>&1; then
    echo "[run] local stack already running; leaving it running afterwards"
  else
    bash "$stack" start
    started_stack=1
  fi
  stack_env
}
# The endpoints of the local stack, for the command and the processes it starts.
stack_env() {
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
  # Tests that stop and restart a server (outage drills) do it through the script.
  export TP_LOCAL_STACK="$stack"
  export MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:${MONGO_PORT:-27017}}"
}
stop_stack() {
  if (( started_stack )); then bash "$stack" stop; fi
}

# The integration-outage files' own stack: other ports, other state directory.
TP_STATE_DIR="${TP_STATE_DIR:-$TP_ROOT/.local-stack}"
OUTAGE_STATE_DIR="$TP_STATE_DIR/outage-stack"
OUTAGE_KAFKA_PORT=19092 OUTAGE_CONTROLLER_PORT=19093 OUTAGE_MONGO_PORT=27117
started_outage_stack=0
outage_stack() {
  KAFKA_PORT=$OUTAGE_KAFKA_PORT KAFKA_CONTROLLER_PORT=$OUTAGE_CONTROLLER_PORT MONGO_PORT=$OUTAGE_MONGO_PORT \
    TP_STATE_DIR="$OUTAGE_STATE_DIR" bash "$stack" "$@"
}
start_outage_stack() {
  if ! outage_stack status >/dev/null 2>&1; then
    outage_stack start
    started_outage_stack=1
  fi
}
stop_stacks() {
  stop_stack
  if (( started_outage_stack )); then outage_stack stop; fi
}
trap stop_stacks EXIT

use_docker() { [[ "${TP_USE_DOCKER:-0}" == 1 ]] && docker info >/dev/null 2>&1; }

cd "$TP_ROOT"
case "$command" in
  start)
    if use_docker; then
      docker compose up -d --wait kafka mongodb
    else
      start_stack
    fi
    # Natural's dotenv banner must not reach stdout (one JSON object per line).
    export DOTENV_CONFIG_QUIET=true
    node tools/pipeline-runner/dist/src/main.js "$@"
    ;;
  chaos)
    # Scripted faults verified by counting ids end to end: docs/reliability.{md,json}.
    start_stack
    export DOTENV_CONFIG_QUIET=true
    rc=0
    node --max-old-space-size=4096 tools/drills/dist/src/main.js "$@" || rc=$?
    # The report is committed: format it as the lint step expects (a no-op for --out elsewhere).
    node_modules/.bin/prettier --write --log-level=warn docs/reliability.md docs/reliability.json || true
    exit "$rc"
    ;;
  sink-rebuild)
    # Disaster recovery: reset the (stopped) sink group to rebuild MongoDB from tweets.clean.
    node services/sink/dist/src/rebuild-cli.js "$@"
    ;;
  replay)
    export DOTENV_CONFIG_QUIET=true
    node services/producer/dist/src/replay-cli.js "$@"
    ;;
  bench)
    start_stack
    export DOTENV_CONFIG_QUIET=true
    if (( $# == 0 )) || [[ "$1" == --* ]]; then
      # The whole suite: writes docs/benchmarks.{md,json,svg}.
      node --max-old-space-size=4096 tools/bench/dist/src/main.js "$@"
      node_modules/.bin/prettier --write --log-level=warn docs/benchmarks.md docs/benchmarks.json || true
      exit 0
    fi
    for name in "$@"; do
      file="$(find libs services tools -path "*/dist/bench/$name.bench.js" | head -1)"
      [[ -n "$file" ]] || { echo "[run] no benchmark named $name" >&2; exit 2; }
      echo "== $name ($file)"
      node --max-old-space-size=4096 "$file"
    done
    ;;
  test)
    # Every test through vitest (vitest.config.ts). A whole run splits in two processes side by
    # side: the unit and integration projects on the local stack, and the integration-outage
    # project (files that stop and restart a server) on a second stack of its own, so outages
    # never touch the other files and their minutes of waiting overlap the rest.
    tp_ensure_build # the type check of every workspace, tests included (tsc -b)
    tp_ensure_test_tools
    export DOTENV_CONFIG_QUIET=true
    coverage=()
    # CI measures line coverage of the sources run in-process and fails under the thresholds in vitest.config.ts.
    if [[ "${CI:-}" == true || -n "${TP_TEST_COVERAGE:-}" ]]; then coverage=(--coverage); fi
    vitest="$TP_ROOT/node_modules/.bin/vitest"
    if use_docker; then
      echo "[run] Docker engine found: tests use testcontainers"
      exec "$vitest" run "${coverage[@]}" "$@"
    fi
    if (( $# > 0 )); then
      # A subset (files, -t, --project…): one process on the local stack; outage files run last.
      start_stack
      "$vitest" run "${coverage[@]}" "$@"
      exit
    fi
    bash "$stack" build >/dev/null # once, before two stacks start side by side
    main_start=""
    if ! bash "$stack" status >/dev/null 2>&1; then
      bash "$stack" start &
      main_start=$!
      started_stack=1
    fi
    start_outage_stack
    if [[ -n "$main_start" ]]; then wait "$main_start"; fi
    stack_env
    reports="$TP_STATE_DIR/test-reports"
    rm -rf "$reports" && mkdir -p "$reports"
    (
      export KAFKA_PORT="$OUTAGE_KAFKA_PORT" KAFKA_CONTROLLER_PORT="$OUTAGE_CONTROLLER_PORT" MONGO_PORT="$OUTAGE_MONGO_PORT"
      export TP_STATE_DIR="$OUTAGE_STATE_DIR" TP_LOCAL_STACK="$stack"
      export KAFKA_BROKERS="127.0.0.1:$OUTAGE_KAFKA_PORT" MONGODB_URI="mongodb://127.0.0.1:$OUTAGE_MONGO_PORT"
      exec "$vitest" run --project integration-outage --reporter=default --reporter=json \
        --outputFile.json="$reports/outage.json" >"$reports/outage.log" 2>&1
    ) &
    outage=$!
    rc=0
    "$vitest" run --project unit --project integration "${coverage[@]}" --reporter=default --reporter=json \
      --outputFile.json="$reports/main.json" || rc=$?
    echo "[run] waiting for the integration-outage files (own stack, $OUTAGE_STATE_DIR)"
    wait "$outage" || rc=$?
    echo "== integration-outage project"
    cat "$reports/outage.log"
    node "$here/test-summary.mjs" "$reports/main.json" "$reports/outage.json" || rc=$?
    exit "$rc"
    ;;
  unit)
    # The fast loop: no servers, no build, no external tools.
    export DOTENV_CONFIG_QUIET=true
    node_modules/.bin/vitest run --project unit "$@"
    ;;
  watch)
    export DOTENV_CONFIG_QUIET=true
    node_modules/.bin/vitest watch --project unit "$@"
    ;;
esac
