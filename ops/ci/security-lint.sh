#!/usr/bin/env bash
# Static security checks: eslint-plugin-security over the shipped sources.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ -d node_modules ]] || npm ci --ignore-scripts --no-audit --no-fund
node_modules/.bin/eslint --no-config-lookup --config ops/ci/eslint.security.config.js 'services/*/src/**/*.ts' 'libs/*/src/**/*.ts'
