#!/usr/bin/env bash
# `npm test`: lint (with the architecture's module boundaries), formatting, types, then every Jest
# project — unit, integration (real PostgreSQL and Kafka: DATABASE_URL, KAFKA_BROKERS), end-to-end
# (the whole stack, started by the tests). Jest's results also go to reports/jest.json; arguments go
# to Jest (`npm test -- apps/directory` runs the static checks and that part of the tests).
#
# On a fresh machine with Node, Java and PostgreSQL it sets itself up first: Node 24, `npm ci` when
# node_modules is missing or from another lockfile; without a Docker engine, the machine's
# PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and, unless
# KAFKA_BROKERS is set or a broker answers on KAFKA_PORT, a fresh local Kafka broker that it stops
# again at the end. With a Docker engine, what is not set is left to testcontainers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_NO_CLOUD=true NX_DAEMON=false
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'npm test: %s\n' "$*" >&2; exit 1; }

# shellcheck source=deploy/local/prerequisites.sh
. deploy/local/prerequisites.sh
trap prereq_stop_started EXIT
trap 'exit 130' INT TERM

step "Node 24"; prereq_node || fail "could not provision Node 24"
node --version
step "dependencies"; prereq_dependencies || fail "could not install the dependencies"
if [[ -z ${DATABASE_URL:-} || -z ${KAFKA_BROKERS:-} ]] && __prereq_docker_answers; then
  step "PostgreSQL and Kafka: testcontainers, for what DATABASE_URL and KAFKA_BROKERS do not name"
else
  step "PostgreSQL"; prereq_postgres || fail "PostgreSQL is needed by the integration and end-to-end tests"
  step "Kafka"; prereq_kafka || fail "Kafka is needed by the integration and end-to-end tests"
  echo "PostgreSQL: answers; Kafka: $KAFKA_BROKERS"
fi

step "Zipkin's server"; prereq_zipkin || fail "the tracing end-to-end test needs Zipkin's server"
step "lint"; npm run --silent lint
step "format"; npm run --silent format:check
step "types"; npm run --silent typecheck
step "build"; npm run --silent build
step "jest: unit, integration, e2e"
mkdir -p reports
npx jest --runInBand --json --outputFile=reports/jest.json "$@"
