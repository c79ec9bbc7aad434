#!/usr/bin/env bash
# npm test with Node's test coverage over the compiled sources; fails under the threshold.
# Services started as child processes by integration tests are not measured: the figure
# is a floor, not the whole story.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TP_TEST_COVERAGE="${TP_TEST_COVERAGE_LINES:-60}"
npm test
