#!/usr/bin/env bash
# The whole stack without Docker: real Kafka (deploy/local/kafka.sh), the machine's PostgreSQL, and
# the five services and the FHIR facade as background processes. Usage: stack.sh start|stop|status|logs [app]
#
# Honours the variables of the operator's contract (DATABASE_URL, KAFKA_BROKERS, BOOTSTRAP_ADMIN_*,
# ...) and, for running a second stack beside the first (the end-to-end tests do): GATEWAY_PORT,
# REFERRALS_PORT, DIRECTORY_PORT, CASE_FILES_PORT, NOTIFICATIONS_PORT, FHIR_PORT, DATABASE_NAME_PREFIX,
# STACK_STATE_DIR, STACK_SKIP_BUILD=1, STACK_SKIP_DEMO=1, STACK_READY_TIMEOUT (seconds).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=deploy/local/prerequisites.sh
. "$here/prerequisites.sh"

APPS=(referrals directory case-files notifications gateway fhir) # gateway after the services it calls
declare -A PORTS=(
  [gateway]="${GATEWAY_PORT:-3000}"
  [referrals]="${REFERRALS_PORT:-3001}"
  [directory]="${DIRECTORY_PORT:-3002}"
  [case-files]="${CASE_FILES_PORT:-3003}"
  [notifications]="${NOTIFICATIONS_PORT:-3004}"
  [fhir]="${FHIR_PORT:-3005}"
)
declare -A DATABASES=([gateway]=gateway [referrals]=referrals [directory]=directory [case-files]=case_files [notifications]=notifications [fhir]=fhir)

STATE_DIR="${STACK_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/specialist-referral/stack-${PORTS[gateway]}}"
LOG_DIR="$STATE_DIR/logs"
READY_TIMEOUT="${STACK_READY_TIMEOUT:-90}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export NODE_ENV="${NODE_ENV:-development}"
# Development defaults, documented in the README; production refuses them (NODE_ENV=production).
export BOOTSTRAP_ADMIN_CLIENT_ID="${BOOTSTRAP_ADMIN_CLIENT_ID:-dev-admin}"
export BOOTSTRAP_ADMIN_CLIENT_SECRET="${BOOTSTRAP_ADMIN_CLIENT_SECRET:-dev-admin-secret-change-me}"
# The notifications service's own client (role contact-reader: practitioners' contact details only),
# which the gateway creates at start; production refuses this development secret.
export BOOTSTRAP_CONTACTS_CLIENT_ID="${BOOTSTRAP_CONTACTS_CLIENT_ID:-dev-notifications-contacts}"
export BOOTSTRAP_CONTACTS_CLIENT_SECRET="${BOOTSTRAP_CONTACTS_CLIENT_SECRET:-dev-contacts-secret-change-me}"
# DEVELOPMENT KEYS ONLY (case-files, CNIC protection): they decode to "dev-only-…", refused in production.
export CNIC_ENCRYPTION_KEY="${CNIC_ENCRYPTION_KEY:-dev-1:ZGV2LW9ubHktY25pYy1lbmNyeXB0aW9uLWtleS0zMmI=}"
export CNIC_INDEX_KEY="${CNIC_INDEX_KEY:-ZGV2LW9ubHktY25pYy1ibGluZC1pbmRleC1rZXktMzI=}"
# DEVELOPMENT KEY ONLY (notifications, webhook signing secrets at rest): refused in production too.
export WEBHOOK_SECRET_KEY="${WEBHOOK_SECRET_KEY:-dev-1:ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQta2V5LTMyYnk=}"
# DEVELOPMENT KEYS ONLY (gateway, stored idempotent answers and signing keys at rest): refused in production.
export IDEMPOTENCY_ENCRYPTION_KEY="${IDEMPOTENCY_ENCRYPTION_KEY:-dev-1:ZGV2LW9ubHktaWRlbXBvdGVuY3ktYm9keS1rZXktMzI=}"
export SIGNING_KEY_ENCRYPTION_KEY="${SIGNING_KEY_ENCRYPTION_KEY:-dev-1:ZGV2LW9ubHktc2lnbmluZy1rZXktYXQtcmVzdC0zMmI=}"

say() { echo "stack: $*"; }
die() { echo "stack: $*" >&2; exit 1; }

pid_of() { local f="$STATE_DIR/$1.pid"; [[ -f $f ]] && cat "$f" || true; }
# A killed service whose parent is gone stays a zombie where PID 1 does not reap (some containers and
# VMs): it still answers `kill -0`, but it is not running.
running() { kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }
alive() { local pid; pid="$(pid_of "$1")"; [[ -n $pid ]] && running "$pid"; }
port_busy() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() { node -e '
  fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
    .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));' "http://127.0.0.1:$1/health/ready"; }

# Node 24 and node_modules first: the PostgreSQL check and the build need them.
ensure_tools() {
  prereq_node || die "could not provision Node 24"
  prereq_dependencies || die "could not install the dependencies"
}

ensure_postgres() {
  prereq_postgres || die "PostgreSQL is needed (the message above names the cause)"
  if [[ -n $PREREQ_STARTED_POSTGRES ]]; then touch "$STATE_DIR/postgres.started"; fi
}

ensure_kafka() {
  if [[ -n "${KAFKA_BROKERS:-}" && -z "${STACK_MANAGE_KAFKA:-}" ]]; then
    say "using Kafka at $KAFKA_BROKERS"
    return
  fi
  export KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-9092}"
  if ! bash "$here/kafka.sh" status >/dev/null 2>&1; then
    touch "$STATE_DIR/kafka.started"
  fi
  bash "$here/kafka.sh" start
}

app_env() {
  local app="$1"
  echo "PORT=${PORTS[$app]}"
  echo "DATABASE_NAME=${DATABASE_NAME_PREFIX:-}${DATABASES[$app]}"
  echo "KAFKA_GROUP_ID=${KAFKA_GROUP_PREFIX:-}$app"
  echo "AUTH_JWKS_URL=http://127.0.0.1:${PORTS[gateway]}/.well-known/jwks.json"
  if [[ $app == gateway ]]; then
    echo "REFERRALS_URL=http://127.0.0.1:${PORTS[referrals]}"
    echo "DIRECTORY_URL=http://127.0.0.1:${PORTS[directory]}"
    echo "CASE_FILES_URL=http://127.0.0.1:${PORTS[case-files]}"
    echo "NOTIFICATIONS_URL=http://127.0.0.1:${PORTS[notifications]}"
    echo "FHIR_URL=http://127.0.0.1:${PORTS[fhir]}"
    # Where clients reach the gateway: SMART client assertions are addressed to PUBLIC_URL/v1/auth/token.
    echo "PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:${PORTS[gateway]}}"
  fi
  if [[ $app == fhir ]]; then
    # The facade calls the public API back through the gateway, with the caller's token.
    echo "GATEWAY_URL=http://127.0.0.1:${PORTS[gateway]}"
    echo "FHIR_BASE_URL=${FHIR_BASE_URL:-${PUBLIC_URL:-http://127.0.0.1:${PORTS[gateway]}}/fhir/R4}"
  fi
  if [[ $app == referrals ]]; then
    echo "CASE_FILES_URL=http://127.0.0.1:${PORTS[case-files]}"
  fi
  if [[ $app == notifications ]]; then
    # Contact details for SMS and email come from the directory, read with a token of the contacts
    # client the gateway bootstraps (role contact-reader; NOTIFICATIONS_SERVICE_CLIENT_* to use another).
    echo "DIRECTORY_URL=http://127.0.0.1:${PORTS[directory]}"
    echo "SERVICE_TOKEN_URL=http://127.0.0.1:${PORTS[gateway]}/v1/auth/token"
    echo "SERVICE_CLIENT_ID=${NOTIFICATIONS_SERVICE_CLIENT_ID:-$BOOTSTRAP_CONTACTS_CLIENT_ID}"
    echo "SERVICE_CLIENT_SECRET=${NOTIFICATIONS_SERVICE_CLIENT_SECRET:-$BOOTSTRAP_CONTACTS_CLIENT_SECRET}"
  fi
}

start_app() {
  local app="$1" log="$LOG_DIR/$1.log"
  if alive "$app"; then say "$app already running (pid $(pid_of "$app"))"; return; fi
  port_busy "${PORTS[$app]}" && die "port ${PORTS[$app]} for $app is taken by another process"
  local -a vars; mapfile -t vars < <(app_env "$app")
  (cd "$root" && env "${vars[@]}" node "dist/apps/$app/src/migrate.js" >>"$log" 2>&1) ||
    { tail -n 20 "$log" >&2; die "migrations of $app failed (log: $log)"; }
  # exec all the way down, so the pid is node's and nothing else holds our stdout.
  (cd "$root" && exec env "${vars[@]}" nohup node "dist/apps/$app/src/main.js") >>"$log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/$app.pid"
}

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) app
  for app in "${APPS[@]}"; do
    until ready "${PORTS[$app]}"; do
      if ! alive "$app"; then tail -n 30 "$LOG_DIR/$app.log" >&2; die "$app exited during start (log: $LOG_DIR/$app.log)"; fi
      if ((SECONDS > deadline)); then tail -n 30 "$LOG_DIR/$app.log" >&2; die "$app not ready after ${READY_TIMEOUT}s"; fi
      sleep 0.5
    done
    say "$app ready on http://127.0.0.1:${PORTS[$app]}"
  done
}

start() {
  local began=$SECONDS
  mkdir -p "$STATE_DIR" "$LOG_DIR"
  ensure_tools
  ensure_postgres
  ensure_kafka
  if [[ -z "${STACK_SKIP_BUILD:-}" ]]; then say "building"; (cd "$root" && npm run --silent build); fi
  local app
  for app in "${APPS[@]}"; do start_app "$app"; done
  wait_ready
  if [[ -z "${STACK_SKIP_DEMO:-}" ]]; then
    (cd "$root" && node deploy/local/demo-data.mjs "http://127.0.0.1:${PORTS[gateway]}")
  fi
  say "up in $((SECONDS - began))s — gateway: http://127.0.0.1:${PORTS[gateway]} (logs: $LOG_DIR)"
}

stop_app() {
  local app="$1" pid
  pid="$(pid_of "$app")"
  if [[ -n $pid ]] && running "$pid"; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do running "$pid" || break; sleep 0.25; done
    if running "$pid"; then say "$app did not stop in 15s; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    say "$app stopped"
  fi
  rm -f "$STATE_DIR/$app.pid"
}

stop() {
  local i
  for ((i = ${#APPS[@]} - 1; i >= 0; i--)); do stop_app "${APPS[$i]}"; done
  if [[ -f "$STATE_DIR/kafka.started" ]]; then bash "$here/kafka.sh" stop; rm -f "$STATE_DIR/kafka.started"; fi
  if [[ -f "$STATE_DIR/postgres.started" ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main stop || true
    rm -f "$STATE_DIR/postgres.started"
  fi
}

status() {
  local app code=0
  for app in "${APPS[@]}"; do
    if alive "$app"; then
      if ready "${PORTS[$app]}"; then say "$app running, ready (port ${PORTS[$app]})"; else say "$app running, NOT ready (port ${PORTS[$app]})"; code=3; fi
    else say "$app stopped"; code=3; fi
  done
  bash "$here/kafka.sh" status || code=3
  return $code
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  logs) tail -n 100 -f "$LOG_DIR/${2:?which app}.log" ;;
  *) echo "usage: $0 start|stop|status|restart|logs <app>" >&2; exit 2 ;;
esac
