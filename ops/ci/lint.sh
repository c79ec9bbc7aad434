#!/usr/bin/env bash
# ESLint, Prettier and the TypeScript build (typecheck) — the static half of the gate.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../tools/bootstrap/env.sh
source tools/bootstrap/env.sh
tp_bootstrap
node_modules/.bin/eslint .
node_modules/.bin/prettier --check .
