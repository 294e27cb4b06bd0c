#!/usr/bin/env bash
# The README's two commands on a fresh machine: a fresh clone of the committed HEAD, no node_modules,
# the machine's own node first on PATH (Node 24 not yet provisioned: an empty cache), no KAFKA_BROKERS,
# no DATABASE_URL, no broker running on the ports used. Then, as a newcomer would:
#   1. `npm run stack`: must provision Node 24, install the dependencies, start Kafka, build, migrate,
#      start the five services and load the demo data; a client then gets a token and reads the
#      specialties through the gateway; `npm run stack:stop` must stop the services and the broker.
#   2. `npm test -- <jest arguments>` with node_modules out of date with the lockfile: must install
#      again, start a broker of its own, run lint, formatting, types, build and the given tests
#      (default: one integration suite on PostgreSQL and Kafka), and stop the broker.
# Prints what it measured; exits non-zero with the reason on the first thing that does not hold.
# Usage: tools/fresh-clone-check.sh [jest arguments for step 2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jest_args=("$@")
((${#jest_args[@]})) || jest_args=(apps/directory/test/organizations-events.int-spec.ts)

work="$(mktemp -d -t fresh-clone-XXXXXX)"
clone="$work/clone"
say() { printf 'fresh-clone: %s\n' "$*"; }
die() { printf 'fresh-clone: FAILED: %s\n' "$*" >&2; exit 1; }

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'; }
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

gateway_port="$(free_port)"
kafka_port="$(free_port)"
controller_port="$(free_port)"
prefix="fresh_$(date +%s)_"
# What the clone's commands use with no DATABASE_URL set: the machine's PostgreSQL.
clone_database_url="postgres://postgres@127.0.0.1:5432/postgres"

cleanup() {
  # Whatever a failed step left behind: the stack, the brokers, the databases, the clone.
  if [[ -d $clone ]]; then
    (cd "$clone" && run_clean bash deploy/local/stack.sh stop >/dev/null 2>&1) || true
  fi
  for dir in "$work"/state/specialist-referral/kafka-* "$work"/tmp/local-kafka-*; do
    [[ -d $dir ]] && KAFKA_DATA_DIR="$dir" KAFKA_PORT="$kafka_port" bash "$root/deploy/local/kafka.sh" stop >/dev/null 2>&1 || true
  done
  node -e '
    const { Client } = require("pg");
    const c = new Client({ connectionString: process.argv[1] });
    c.connect()
      .then(() => c.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [process.argv[2]]))
      .then(async ({ rows }) => { for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`); })
      .finally(() => c.end());' "$clone_database_url" "$prefix" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The machine's PATH without the provisioned Node 24 in front, and an environment without anything
# this session set up: what a newcomer's shell has.
machine_path="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v 'specialist-referral/node-' | paste -sd: -)"
run_clean() {
  env -i HOME="$HOME" USER="${USER:-root}" LANG="${LANG:-C.UTF-8}" PATH="$machine_path" TERM=dumb \
    TMPDIR="$work/tmp" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" \
    KAFKA_PORT="$kafka_port" KAFKA_CONTROLLER_PORT="$controller_port" \
    GATEWAY_PORT="$gateway_port" REFERRALS_PORT="$((gateway_port + 1))" DIRECTORY_PORT="$((gateway_port + 2))" \
    CASE_FILES_PORT="$((gateway_port + 3))" NOTIFICATIONS_PORT="$((gateway_port + 4))" \
    DATABASE_NAME_PREFIX="$prefix" KAFKA_GROUP_PREFIX="$prefix" STACK_STATE_DIR="$work/stack" \
    "$@"
}
mkdir -p "$work/tmp" "$work/cache" "$work/state"
for port in "$gateway_port" $((gateway_port + 1)) $((gateway_port + 2)) $((gateway_port + 3)) $((gateway_port + 4)); do
  port_answers "$port" && die "port $port is taken; run again"
done

say "cloning $(git -C "$root" rev-parse --short HEAD) into $clone"
git clone --quiet "$root" "$clone"
[[ ! -e $clone/node_modules ]] || die "the clone has node_modules"
say "machine's node: $(PATH="$machine_path" node --version 2>/dev/null || echo none)"

began=$SECONDS
say "1. npm run stack (gateway on $gateway_port, Kafka on $kafka_port)"
(cd "$clone" && run_clean npm run --silent stack) >"$work/stack.log" 2>&1 || {
  tail -n 40 "$work/stack.log" >&2
  die "npm run stack failed on a fresh clone"
}
stack_seconds=$((SECONDS - began))
grep -q 'provisioning Node' "$work/stack.log" || die "npm run stack did not provision Node 24"
grep -q 'node_modules is missing: npm ci' "$work/stack.log" || die "npm run stack did not install the dependencies"
port_answers "$kafka_port" || die "npm run stack did not start Kafka on $kafka_port"
token="$(node -e '
  fetch(`http://127.0.0.1:${process.argv[1]}/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=dev-admin&client_secret=dev-admin-secret-change-me",
  }).then((r) => r.json()).then((b) => console.log(b.access_token ?? ""));' "$gateway_port")"
[[ -n $token ]] || die "no token from the stack's gateway"
specialties="$(node -e '
  fetch(`http://127.0.0.1:${process.argv[1]}/v1/specialties`, { headers: { authorization: `Bearer ${process.argv[2]}` } })
    .then((r) => r.json()).then((b) => console.log((b.items ?? b).length));' "$gateway_port" "$token")"
((specialties > 0)) || die "the stack's gateway lists no specialties"
say "   up in ${stack_seconds}s; a token and $specialties specialties through the gateway"

(cd "$clone" && run_clean npm run --silent stack:stop) >>"$work/stack.log" 2>&1 || die "npm run stack:stop failed"
for port in "$kafka_port" "$gateway_port" $((gateway_port + 1)) $((gateway_port + 4)); do
  port_answers "$port" && die "port $port still answers after npm run stack:stop"
done
say "   npm run stack:stop stopped the services and the broker"

# node_modules installed from another lockfile (a pull, a branch switch).
echo "an older lockfile" >"$clone/node_modules/.installed-from-lockfile"
began=$SECONDS
say "2. npm test -- ${jest_args[*]} (node_modules out of date with the lockfile)"
status=0
(cd "$clone" && run_clean npm test -- "${jest_args[@]}") >"$work/test.log" 2>&1 || status=$?
test_seconds=$((SECONDS - began))
if ((status != 0)); then
  tail -n 60 "$work/test.log" >&2
  die "npm test exited $status on a fresh clone"
fi
grep -q 'node_modules is stale: npm ci' "$work/test.log" || die "npm test did not reinstall stale dependencies"
# With a Docker engine, npm test leaves Kafka to testcontainers instead.
if ! (command -v docker >/dev/null && timeout 5 docker info >/dev/null 2>&1); then
  grep -q 'kafka: ready on 127.0.0.1:'"$kafka_port" "$work/test.log" || die "npm test did not start a broker of its own"
fi
port_answers "$kafka_port" && die "npm test left its broker running"
counts="$(node -e '
  const r = require(process.argv[1]);
  console.log(`${r.numPassedTests} ${r.numFailedTests + r.numRuntimeErrorTestSuites}`);' "$clone/reports/jest.json")"
read -r passed failed <<<"$counts"
((passed > 0 && failed == 0)) || die "npm test ran $passed passing and $failed failing tests"
say "   passed in ${test_seconds}s: $passed tests passed, $failed failed; the broker it started is stopped"
say "OK: both README commands work on a fresh clone (stack ${stack_seconds}s, test ${test_seconds}s)"
