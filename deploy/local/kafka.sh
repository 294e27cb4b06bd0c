#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, combined broker+controller) without Docker.
#
# The broker runs from Maven Central jars (deploy/local/kafka/pom.xml) on the machine's Java 17+.
# Jars are cached outside the repo; broker state lives in a per-port data dir.
#
# Usage: deploy/local/kafka.sh {fetch|start|stop|status|restart|reset|logs [-f]}
#
# Environment (defaults):
#   KAFKA_PORT             9092   PLAINTEXT listener on 127.0.0.1
#   KAFKA_CONTROLLER_PORT  9093   KRaft controller listener on 127.0.0.1
#   KAFKA_VERSION          4.1.1
#   KAFKA_CACHE_DIR        ${XDG_CACHE_HOME:-$HOME/.cache}/specialist-referral/kafka-$KAFKA_VERSION
#   KAFKA_DATA_DIR         ${XDG_STATE_HOME:-$HOME/.local/state}/specialist-referral/kafka-$KAFKA_PORT
#   KAFKA_HEAP             -Xms256m -Xmx512m
#   KAFKA_START_TIMEOUT    60     seconds to wait for the broker to serve metadata
#   KAFKA_STOP_TIMEOUT     30     seconds to wait after SIGTERM before SIGKILL
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/kafka/pom.xml"
LOG_CONFIG="$SCRIPT_DIR/kafka/log4j2.properties"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
KAFKA_CACHE_DIR="${KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/specialist-referral/kafka-$KAFKA_VERSION}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/specialist-referral/kafka-$KAFKA_PORT}"
KAFKA_HEAP="${KAFKA_HEAP:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

LIB_DIR="$KAFKA_CACHE_DIR/libs"
MARKER="$KAFKA_CACHE_DIR/.fetched"
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
LOGS_DIR="$KAFKA_DATA_DIR/logs"
LOG_DIRS="$KAFKA_DATA_DIR/kraft-combined-logs"
SERVER_PROPS="$KAFKA_DATA_DIR/server.properties"
TOOLS_PROPS="$KAFKA_DATA_DIR/tools.properties"
CLUSTER_ID_FILE="$KAFKA_DATA_DIR/cluster.id"
SERVER_LOG="$LOGS_DIR/server.log"
CONSOLE_LOG="$LOGS_DIR/kafka.out"

say() { printf 'kafka: %s\n' "$*"; }
die() { printf 'kafka: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

require_java() {
  command -v java >/dev/null 2>&1 || die "java not found on PATH (Kafka $KAFKA_VERSION needs Java 17+; e.g. apt-get install openjdk-17-jre-headless)"
  local spec major
  spec="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  major="${spec%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && (( major < 17 )); then
    die "java $spec found, Kafka $KAFKA_VERSION needs Java 17+"
  fi
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (needed once to fetch the Kafka jars; e.g. apt-get install maven)"
}

pom_fingerprint() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then sum="$(sha256sum "$POM")"; else sum="$(cksum "$POM")"; fi
  printf '%s %s\n' "$KAFKA_VERSION" "${sum%% *}"
}

is_fetched() {
  [[ -f "$MARKER" && -d "$LIB_DIR" ]] && [[ "$(cat "$MARKER")" == "$(pom_fingerprint)" ]]
}

cmd_fetch() {
  [[ "$KAFKA_VERSION" == 4.* ]] || die "KAFKA_VERSION=$KAFKA_VERSION unsupported: $POM and its Log4j 2 config target Kafka 4.x"
  if is_fetched; then
    say "jars for $KAFKA_VERSION already in $LIB_DIR"
    return 0
  fi
  require_mvn
  say "fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIB_DIR"
  mkdir -p "$KAFKA_CACHE_DIR"
  local tmp="$KAFKA_CACHE_DIR/libs.tmp.$$" fetch_log="$KAFKA_CACHE_DIR/fetch.log" began=$SECONDS
  rm -rf "$tmp"
  if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" \
      -DincludeScope=runtime \
      -DoutputDirectory="$tmp" >"$fetch_log" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$fetch_log" | sed 's/^/  | /' >&2
    die "maven could not fetch the Kafka $KAFKA_VERSION jars (full output: $fetch_log)"
  fi
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  pom_fingerprint >"$MARKER"
  say "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars in $((SECONDS - began))s"
}

# --- process helpers ---------------------------------------------------------

read_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  printf '%s' "$pid"
}

# True when the pid file names a live JVM running kafka.Kafka (guards against pid reuse).
is_running() {
  local pid
  pid="$(read_pid)" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka'
  else
    ps -p "$pid" -o args= 2>/dev/null | grep -q 'kafka\.Kafka'
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Short-lived CLI JVM: small heap, C1 only, logs to tools.log (never the console).
tool_jvm() {
  TOOL_JVM=(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
    -Dkafka.logs.dir="$LOGS_DIR" -Dkafka.log.file=tools.log -Dkafka.log.level=warn
    -Dlog4j2.configurationFile="$LOG_CONFIG" -cp "$LIB_DIR/*")
}

java_tool() {
  tool_jvm
  "${TOOL_JVM[@]}" "$@"
}

# Real readiness: an AdminClient round trip that needs broker metadata, not just an open port.
broker_answers() {
  port_open "$KAFKA_PORT" || return 1
  [[ -d "$LIB_DIR" && -f "$TOOLS_PROPS" ]] || return 1
  tool_jvm
  command -v timeout >/dev/null 2>&1 && TOOL_JVM=(timeout 30 "${TOOL_JVM[@]}")
  "${TOOL_JVM[@]}" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "127.0.0.1:$KAFKA_PORT" --command-config "$TOOLS_PROPS" --list \
    >/dev/null 2>&1
}

show_log_tail() {
  local f
  for f in "$SERVER_LOG" "$CONSOLE_LOG"; do
    if [[ -s "$f" ]]; then
      say "last 40 lines of $f:"
      tail -n 40 "$f" | sed 's/^/  | /'
    fi
  done
}

# --- configuration ------------------------------------------------------------

write_configs() {
  mkdir -p "$KAFKA_DATA_DIR" "$LOGS_DIR" "$LOG_DIRS"
  cat >"$SERVER_PROPS" <<EOF
# Generated by deploy/local/kafka.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$LOG_DIRS

num.network.threads=2
num.io.threads=4
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true

offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

log.retention.hours=168
log.segment.bytes=104857600
log.retention.check.interval.ms=300000
EOF
  cat >"$TOOLS_PROPS" <<EOF
request.timeout.ms=5000
default.api.timeout.ms=10000
EOF
}

format_storage() {
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(cat "$CLUSTER_ID_FILE")"
  else
    cluster_id="$(java_tool kafka.tools.StorageTool random-uuid | tail -n1 | tr -d '[:space:]')"
    [[ -n "$cluster_id" ]] || die "could not generate a cluster id"
    printf '%s\n' "$cluster_id" >"$CLUSTER_ID_FILE"
  fi
  say "formatting storage in $LOG_DIRS (cluster id $cluster_id)"
  java_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$SERVER_PROPS" --ignore-formatted \
    >"$LOGS_DIR/format.out" 2>&1 || { cat "$LOGS_DIR/format.out" >&2; die "storage format failed"; }
}

# --- subcommands --------------------------------------------------------------

wait_until_ready() {
  local pid="$1" start now
  start="$(date +%s)"
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      say "broker process $pid exited during startup"
      show_log_tail
      exit 1
    fi
    if broker_answers; then
      now="$(date +%s)"
      say "ready on 127.0.0.1:$KAFKA_PORT (pid $pid, $((now - start))s)"
      return 0
    fi
    now="$(date +%s)"
    if (( now - start >= KAFKA_START_TIMEOUT )); then
      say "broker did not serve metadata within ${KAFKA_START_TIMEOUT}s (raise KAFKA_START_TIMEOUT if the machine is slow)"
      show_log_tail
      cmd_stop >/dev/null
      exit 1
    fi
    sleep 0.5
  done
}

cmd_start() {
  require_java
  if is_running; then
    local pid
    pid="$(read_pid)"
    if broker_answers; then
      say "already running on 127.0.0.1:$KAFKA_PORT (pid $pid)"
      return 0
    fi
    say "pid $pid is running but not answering yet; waiting"
    wait_until_ready "$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$KAFKA_PORT"; then
    die "127.0.0.1:$KAFKA_PORT is already in use by another process (set KAFKA_PORT to use another port)"
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "127.0.0.1:$KAFKA_CONTROLLER_PORT is already in use by another process (set KAFKA_CONTROLLER_PORT)"
  fi

  cmd_fetch
  write_configs
  format_storage

  say "starting Kafka $KAFKA_VERSION (data: $KAFKA_DATA_DIR)"
  # setsid: the broker gets a session of its own, so it outlives the shell, test runner or CI step
  # that started it (an outage test restarts it from inside Jest) until `stop` is asked for.
  # shellcheck disable=SC2086 # KAFKA_HEAP is a list of JVM flags
  setsid nohup java $KAFKA_HEAP -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOGS_DIR" \
    -Dlog4j2.configurationFile="$LOG_CONFIG" \
    -cp "$LIB_DIR/*" kafka.Kafka "$SERVER_PROPS" \
    >>"$CONSOLE_LOG" 2>&1 </dev/null &
  local pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"
  wait_until_ready "$pid"
}

cmd_stop() {
  if ! is_running; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  local pid waited=0
  pid="$(read_pid)"
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= KAFKA_STOP_TIMEOUT * 10 )); then
      say "still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  say "stopped"
}

cmd_status() {
  if is_running; then
    say "running (pid $(read_pid), 127.0.0.1:$KAFKA_PORT, data: $KAFKA_DATA_DIR)"
    return 0
  fi
  say "stopped"
  return 3
}

cmd_reset() {
  cmd_stop
  if [[ -d "$KAFKA_DATA_DIR" ]]; then
    say "deleting $KAFKA_DATA_DIR"
    rm -rf "$KAFKA_DATA_DIR"
  fi
}

cmd_logs() {
  [[ -f "$SERVER_LOG" ]] || die "no log yet at $SERVER_LOG"
  if [[ "${1:-}" == "-f" ]]; then
    exec tail -n 100 -F "$SERVER_LOG"
  fi
  tail -n "${1:-200}" "$SERVER_LOG"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    restart) cmd_stop; cmd_start ;;
    reset) cmd_reset ;;
    logs) cmd_logs "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
