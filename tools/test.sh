#!/usr/bin/env bash
# `npm test`: lint (with the architecture's module boundaries), formatting, types, then every Jest
# project — unit, integration (real PostgreSQL and Kafka: DATABASE_URL, KAFKA_BROKERS), end-to-end
# (the whole stack, started by the tests). Jest's results also go to reports/jest.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_NO_CLOUD=true NX_DAEMON=false
step() { printf '\n== %s\n' "$*"; }

step "lint"; npm run --silent lint
step "format"; npm run --silent format:check
step "types"; npm run --silent typecheck
step "build"; npm run --silent build
step "jest: unit, integration, e2e"
mkdir -p reports
npx jest --runInBand --json --outputFile=reports/jest.json "$@"
