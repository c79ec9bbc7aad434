#!/usr/bin/env bash
# Entry point of the npm scripts: installs what is missing (tools/bootstrap/env.sh),
# then runs the command; `test` starts the servers it needs and stops what it started,
# so every command works on a fresh clone of a fresh machine.
#
#   run.sh start [--duration=SECONDS] [--rate=N] [--sources=…]  the pipeline on synthetic data
#   run.sh test [vitest args…]                      every unit and integration test (vitest)
#   run.sh unit [vitest args…]                      the unit project only: no servers, no build
#   run.sh watch [vitest args…]                     the unit project in watch mode
#   run.sh replay FILE.jsonl…                      publish recorded tweets into the running stack
#   run.sh sink-rebuild [--since=ISO] [--drop]      rebuild MongoDB from tweets.clean (sink stopped)
#   run.sh chaos [--only=…] [--repeat=N] …         chaos drills: docs/reliability.{md,json}
#   run.sh bench [--only=…] [--scale=…] …           the benchmark suite: docs/benchmarks.{md,json,svg}
#   run.sh bench NAME…                             micro-benchmarks */bench/NAME.bench.ts (figures, no verdict)
#
# Every command but test/unit/watch is a node CLI run from its TypeScript sources (as the
# tests run them: nothing to build first) that answers --help (exit 0) and refuses a bad
# argument (one line, exit 2) before it starts anything; start, chaos and bench then start
# the local stack unless it is running, and stop it at exit if they started it.
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

# Node and the npm dependencies only: the commands run from source, and `test` builds for itself.
tp_bootstrap_deps

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
  # Kafka's SASL_SSL and mutual-TLS listeners (local-stack.sh: KAFKA_PORT+2, +3) and the directory of
  # their CA, client certificate and SASL user, for the secured-Kafka tests; services never read these
  # names, so nothing else switches to SASL_SSL.
  export KAFKA_SASL_SSL_BROKERS="${KAFKA_SASL_SSL_BROKERS:-127.0.0.1:${KAFKA_SASL_SSL_PORT:-$((${KAFKA_PORT:-9092} + 2))}}"
  export KAFKA_SSL_BROKERS="${KAFKA_SSL_BROKERS:-127.0.0.1:${KAFKA_SSL_PORT:-$((${KAFKA_PORT:-9092} + 3))}}"
  export KAFKA_TEST_TLS_DIR="${KAFKA_TEST_TLS_DIR:-${TP_CACHE_DIR:-$HOME/.cache/tweet-pipeline}/kafka-tls-1}"
  # FerretDB's TLS listener (mutual TLS) and its CA and client certificate, for the secured-database
  # tests; services never read these names, so nothing else switches to TLS.
  export MONGODB_TLS_URI="${MONGODB_TLS_URI:-mongodb://127.0.0.1:${MONGO_TLS_PORT:-$((${MONGO_PORT:-27017} + 1))}/?tls=true}"
  export TP_MONGO_TLS_DIR="${TP_MONGO_TLS_DIR:-${TP_CACHE_DIR:-$HOME/.cache/tweet-pipeline}/mongo-tls-1}"
}
stop_stack() {
  if (( started_stack )); then bash "$stack" stop; fi
}

# The outage projects' own stacks (`npm test`): lane 0 (broker and database) and lane 1 (broker
# only), on other ports, below the ephemeral range (32768-60999) and apart from the ports the docs
# suggest for a private stack, with other state directories.
TP_STATE_DIR="${TP_STATE_DIR:-$TP_ROOT/.local-stack}"
outage_env() { # LANE: exports what points local-stack.sh (and the tests' stop/start) at that lane
  export KAFKA_PORT=$((29092 + 100 * $1)) KAFKA_CONTROLLER_PORT=$((29093 + 100 * $1)) \
    MONGO_PORT=$((29017 + 100 * $1)) TP_STATE_DIR="$TP_STATE_DIR/outage-stack-$1"
}
outage_stack() { # LANE COMMAND [COMPONENT]
  (outage_env "$1" && shift && bash "$stack" "$@")
}
started_outage_lanes=()
stop_stacks() {
  stop_stack
  local lane
  for lane in "${started_outage_lanes[@]}"; do outage_stack "$lane" stop; done
}
trap stop_stacks EXIT

use_docker() { [[ "${TP_USE_DOCKER:-0}" == 1 ]] && docker info >/dev/null 2>&1; }

# Relative paths on a command line mean the directory the person ran the command from.
export INIT_CWD="${INIT_CWD:-$PWD}"
cd "$TP_ROOT"
# TypeScript sources through tsx with the `source` export condition, as tests run child processes.
from_source=(--import tsx --conditions=source)
case "$command" in
  start)
    # Natural's dotenv banner must not reach stdout (one JSON object per line).
    export DOTENV_CONFIG_QUIET=true
    exec node "${from_source[@]}" tools/pipeline-runner/src/main.ts "$@"
    ;;
  chaos)
    # Scripted faults verified by counting ids end to end: docs/reliability.{md,json}, formatted.
    export DOTENV_CONFIG_QUIET=true
    exec node --max-old-space-size=4096 "${from_source[@]}" tools/drills/src/main.ts "$@"
    ;;
  sink-rebuild)
    # Disaster recovery: reset the (stopped) sink group to rebuild MongoDB from tweets.clean.
    exec node "${from_source[@]}" services/sink/src/rebuild-cli.ts "$@"
    ;;
  replay)
    export DOTENV_CONFIG_QUIET=true
    exec node "${from_source[@]}" services/producer/src/replay-cli.ts "$@"
    ;;
  bench)
    # The suite (docs/benchmarks.{md,json,svg}, formatted) or the micro-benchmarks named.
    export DOTENV_CONFIG_QUIET=true
    exec node --max-old-space-size=4096 "${from_source[@]}" tools/bench/src/main.ts "$@"
    ;;
  test)
    # Every test through vitest (vitest.config.ts). A whole run is four processes side by side:
    # the unit and integration projects on the local stack, and each outage project (files that
    # stop and restart the broker, or the database) on a server of an outage stack that only it
    # takes down, so outages never touch the other files and their minutes of waiting overlap.
    tp_ensure_build # the type check of every workspace, tests included (tsc -b)
    tp_ensure_test_tools
    export DOTENV_CONFIG_QUIET=true
    coverage=()
    # CI measures line coverage of the sources run in-process and fails under the thresholds in vitest.config.ts.
    if [[ "${CI:-}" == true ]]; then coverage=(--coverage); fi
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
    bash "$stack" build >/dev/null # once, before the stacks start side by side
    main_start=""
    if ! bash "$stack" status >/dev/null 2>&1; then
      bash "$stack" start &
      main_start=$!
      started_stack=1
    fi
    lane_starts=()
    for lane in 0 1; do
      component=all
      if (( lane == 1 )); then component=kafka; fi # lane 1: a broker only
      if ! outage_stack "$lane" status "$component" >/dev/null 2>&1; then
        outage_stack "$lane" start "$component" &
        lane_starts+=($!)
        started_outage_lanes+=("$lane")
      fi
    done
    for pid in "${lane_starts[@]}"; do wait "$pid"; done
    if [[ -n "$main_start" ]]; then wait "$main_start"; fi
    stack_env
    reports="$TP_STATE_DIR/test-reports"
    rm -rf "$reports" && mkdir -p "$reports"
    # run_outage PROJECT LANE BROKERS MONGODB_URI: one outage project in the background, its
    # stop/start calls reaching its lane's stack; the server it does not stop is the main stack's.
    outage_projects=()
    run_outage() {
      outage_projects+=("$1")
      (
        outage_env "$2"
        export TP_LOCAL_STACK="$stack" KAFKA_BROKERS="$3" MONGODB_URI="$4"
        exec "$vitest" run --project "$1" --reporter=default --reporter=json \
          --outputFile.json="$reports/$1.json" >"$reports/$1.log" 2>&1
      ) &
    }
    run_outage integration-kafka-outage-a 0 127.0.0.1:29092 "$MONGODB_URI"
    run_outage integration-kafka-outage-b 1 127.0.0.1:29192 "$MONGODB_URI"
    run_outage integration-database-outage 0 "$KAFKA_BROKERS" mongodb://127.0.0.1:29017
    rc=0
    "$vitest" run --project unit --project integration "${coverage[@]}" --reporter=default --reporter=json \
      --outputFile.json="$reports/main.json" || rc=$?
    echo "[run] waiting for the outage projects (${outage_projects[*]})"
    for job in $(jobs -p); do wait "$job" || rc=$?; done
    summaries=("$reports/main.json")
    for project in "${outage_projects[@]}"; do
      echo "== $project"
      cat "$reports/$project.log"
      summaries+=("$reports/$project.json")
    done
    node "$here/test-summary.mjs" "${summaries[@]}" || rc=$?
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
