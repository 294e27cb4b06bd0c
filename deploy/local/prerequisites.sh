# Source this file: what the README's commands (`npm test`, `npm run stack`) and CI need before they
# can run, done by the commands themselves on a fresh machine that has Node, Java and PostgreSQL.
#
#   prereq_node          Node 24 first on PATH (provisioned from the npm registry when older)
#   prereq_dependencies  `npm ci` when node_modules is missing or was installed from another lockfile
#   prereq_postgres      DATABASE_URL answers, or the machine's cluster is started (PREREQ_STARTED_POSTGRES)
#   prereq_kafka         KAFKA_BROKERS is set, or a broker answers on KAFKA_PORT, or a fresh local broker
#                        is started with its data in a new temporary folder (PREREQ_STARTED_KAFKA)
#   prereq_fhir_validator  HAPI FHIR's validator (jars from Maven Central, compiled once, cached outside
#                        the repo: deploy/fhir-validator/validate.sh fetch) for the FHIR validation tests
#   prereq_zipkin        Zipkin's server (one jar from Maven Central, into ~/.m2): the trace backend the
#                        tracing end-to-end test starts; prints nothing, sets ZIPKIN_JAR
#   prereq_helm          Helm 3 through helm-java (jars from Maven Central, compiled once, cached outside
#                        the repo: deploy/helm/render/render.sh fetch) for the Helm chart's tests
#   prereq_stop_started  stops what prereq_postgres and prereq_kafka started
#
# Every failure names its real cause (the driver's error, the missing tool), never a guess.
# shellcheck shell=bash

__prereq_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
__prereq_root="$(cd "$__prereq_here/../.." && pwd)"
PREREQ_STARTED_POSTGRES="${PREREQ_STARTED_POSTGRES:-}"
PREREQ_STARTED_KAFKA="${PREREQ_STARTED_KAFKA:-}"

__prereq_say() { printf 'prerequisites: %s\n' "$*" >&2; }

prereq_node() {
  # shellcheck source=deploy/local/node-env.sh
  . "$__prereq_here/node-env.sh" || return 1
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if ((major < 24)); then
    __prereq_say "Node 24 is needed and the node on PATH is $(node --version 2>/dev/null || echo missing)"
    return 1
  fi
}

# The lockfile's hash, written into node_modules after a successful install: a lockfile changed by a
# pull or a branch switch makes the next command install again.
__prereq_lock_hash() { sha256sum "$__prereq_root/package-lock.json" | cut -d' ' -f1; }
__prereq_stamp="$__prereq_root/node_modules/.installed-from-lockfile"

# Prints "current", "missing" or "stale" (installed from another lockfile).
prereq_dependencies_state() {
  if [[ ! -d $__prereq_root/node_modules ]]; then echo missing
  elif [[ ! -f $__prereq_stamp || "$(cat "$__prereq_stamp")" != "$(__prereq_lock_hash)" ]]; then echo stale
  else echo current
  fi
}

prereq_dependencies() {
  local state
  state="$(prereq_dependencies_state)"
  [[ $state == current ]] && return 0
  __prereq_say "node_modules is $state: npm ci (Node $(node --version))"
  (cd "$__prereq_root" && npm ci --no-audit --no-fund --loglevel=error) || {
    __prereq_say "npm ci failed (see its output above)"
    return 1
  }
  __prereq_lock_hash >"$__prereq_stamp"
}

# Empty when DATABASE_URL answers; otherwise the driver's own error message.
__prereq_postgres_error() {
  (cd "$__prereq_root" && node -e '
    const { Client } = require("pg");
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end()).then(
      () => process.exit(0),
      (e) => { console.log(e.message || e.code || String(e)); process.exit(1); });' "$DATABASE_URL" 2>&1)
}

prereq_postgres() {
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  local error
  error="$(__prereq_postgres_error)" && return 0
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]] && [[ -n "$(ls /etc/postgresql)" ]]; then
    local version
    version="$(ls /etc/postgresql | sort -V | tail -1)"
    __prereq_say "PostgreSQL does not answer ($error); starting the machine's cluster $version/main"
    if pg_ctlcluster --skip-systemctl-redirect "$version" main start; then
      PREREQ_STARTED_POSTGRES="$version"
      for _ in $(seq 1 30); do error="$(__prereq_postgres_error)" && return 0; sleep 1; done
    fi
  fi
  # The URL may hold a password: name the host and database only.
  local where
  where="$(node -e 'const u = new URL(process.argv[1]); console.log(`${u.hostname}:${u.port || 5432}${u.pathname}`)' "$DATABASE_URL" 2>/dev/null || echo 'DATABASE_URL')"
  __prereq_say "PostgreSQL at $where does not answer: $error (set DATABASE_URL, or start PostgreSQL)"
  return 1
}

__prereq_docker_answers() { command -v docker >/dev/null && timeout 5 docker info >/dev/null 2>&1; }

# A broker started here gets fresh data: nothing left from earlier runs.
prereq_kafka() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then return 0; fi
  export KAFKA_PORT="${KAFKA_PORT:-9092}"
  if (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; then
    __prereq_say "using the broker that already answers on 127.0.0.1:$KAFKA_PORT"
    export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  export KAFKA_DATA_DIR
  KAFKA_DATA_DIR="$(mktemp -d -t local-kafka-XXXXXX)"
  # Before the start: an interrupted start is stopped (by its pid file) and its folder removed too.
  PREREQ_STARTED_KAFKA="$KAFKA_DATA_DIR"
  bash "$__prereq_here/kafka.sh" start || {
    __prereq_say "the local Kafka broker did not start (its output above says why)"
    return 1
  }
  export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
}

prereq_fhir_validator() {
  bash "$__prereq_root/deploy/fhir-validator/validate.sh" fetch || {
    __prereq_say "HAPI FHIR's validator could not be fetched (its output above says why)"
    return 1
  }
}

ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.6.1}"
prereq_zipkin() {
  local repo="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
  export ZIPKIN_JAR="${ZIPKIN_JAR:-$repo/io/zipkin/zipkin-server/$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar}"
  [[ -s $ZIPKIN_JAR ]] && return 0
  command -v mvn >/dev/null 2>&1 || {
    __prereq_say "mvn not found on PATH (needed once to fetch Zipkin's server; e.g. apt-get install maven)"
    return 1
  }
  # The exec jar carries its dependencies: its pom's are not needed (nor all on Maven Central).
  mvn -B -q -Dstyle.color=never dependency:get -Dtransitive=false \
    -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" >&2 && [[ -s $ZIPKIN_JAR ]] || {
    __prereq_say "Zipkin's server io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec could not be fetched (mvn's output above)"
    return 1
  }
}

prereq_helm() {
  bash "$__prereq_root/deploy/helm/render/render.sh" fetch || {
    __prereq_say "helm-java could not be fetched (its output above says why)"
    return 1
  }
}

prereq_stop_started() {
  if [[ -n $PREREQ_STARTED_KAFKA ]]; then
    KAFKA_DATA_DIR="$PREREQ_STARTED_KAFKA" bash "$__prereq_here/kafka.sh" stop || true
    rm -rf "$PREREQ_STARTED_KAFKA"
    PREREQ_STARTED_KAFKA=""
  fi
  if [[ -n $PREREQ_STARTED_POSTGRES ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$PREREQ_STARTED_POSTGRES" main stop || true
    PREREQ_STARTED_POSTGRES=""
  fi
}
