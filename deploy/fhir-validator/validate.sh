#!/usr/bin/env bash
# Offline FHIR R4 instance validation with HAPI FHIR's validator, one JVM for a whole batch.
#
# The validator runs from Maven Central jars (deploy/fhir-validator/pom.xml) on the machine's Java 17+
# JDK; Validate.java (beside this script) is compiled once next to the jars. Jars and class are cached
# outside the repo. Nothing is fetched while validating: no terminology server, no network.
#
# Usage: deploy/fhir-validator/validate.sh fetch
#        deploy/fhir-validator/validate.sh run [--context <file|dir>]... <file|dir>...
#
#   fetch  download the jars and compile Validate.java (once; again only when the pom, the version or
#          Validate.java changed)
#   run    fetch if needed, then validate every given *.json file (a folder: its own *.json files) and
#          print JSON to stdout, one entry per file:
#            [{"file", "resourceType", "id", "issues": [{"severity", "location", "message", "messageId"}]}]
#          severity is fatal, error, warning or information. Resources given with --context (our
#          CodeSystems, ValueSets, profiles) are made known to the validator, not validated. Exits 0
#          whatever the resources hold (the caller judges); non-zero only when it could not validate.
#
# Environment (defaults):
#   FHIR_VALIDATOR_HAPI_VERSION  8.8.0
#   FHIR_VALIDATOR_CACHE_DIR     ${XDG_CACHE_HOME:-$HOME/.cache}/specialist-referral/fhir-validator-$FHIR_VALIDATOR_HAPI_VERSION
#   FHIR_VALIDATOR_JAVA_OPTS     -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"
SOURCE="$SCRIPT_DIR/Validate.java"

FHIR_VALIDATOR_HAPI_VERSION="${FHIR_VALIDATOR_HAPI_VERSION:-8.8.0}"
FHIR_VALIDATOR_CACHE_DIR="${FHIR_VALIDATOR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/specialist-referral/fhir-validator-$FHIR_VALIDATOR_HAPI_VERSION}"
FHIR_VALIDATOR_JAVA_OPTS="${FHIR_VALIDATOR_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"

LIB_DIR="$FHIR_VALIDATOR_CACHE_DIR/libs"
CLASS_DIR="$FHIR_VALIDATOR_CACHE_DIR/classes"
MARKER="$FHIR_VALIDATOR_CACHE_DIR/.fetched"

say() { printf 'fhir-validator: %s\n' "$*" >&2; }
die() { printf 'fhir-validator: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

require_jdk() {
  command -v java >/dev/null 2>&1 || die "java not found on PATH (HAPI FHIR $FHIR_VALIDATOR_HAPI_VERSION needs Java 17+; e.g. apt-get install openjdk-17-jdk-headless)"
  command -v javac >/dev/null 2>&1 || die "javac not found on PATH (a JDK is needed to compile Validate.java; e.g. apt-get install openjdk-17-jdk-headless)"
  local spec major
  spec="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  major="${spec%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && (( major < 17 )); then
    die "java $spec found, HAPI FHIR $FHIR_VALIDATOR_HAPI_VERSION needs Java 17+"
  fi
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (needed once to fetch the HAPI FHIR jars; e.g. apt-get install maven)"
}

sha() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then sum="$(sha256sum "$1")"; else sum="$(cksum "$1")"; fi
  printf '%s' "${sum%% *}"
}

fingerprint() {
  printf '%s %s %s\n' "$FHIR_VALIDATOR_HAPI_VERSION" "$(sha "$POM")" "$(sha "$SOURCE")"
}

is_fetched() {
  [[ -f "$MARKER" && -d "$LIB_DIR" && -f "$CLASS_DIR/Validate.class" ]] && [[ "$(cat "$MARKER")" == "$(fingerprint)" ]]
}

cmd_fetch() {
  if is_fetched; then
    say "HAPI FHIR $FHIR_VALIDATOR_HAPI_VERSION validator ready in $FHIR_VALIDATOR_CACHE_DIR"
    return 0
  fi
  require_jdk
  require_mvn
  say "fetching HAPI FHIR $FHIR_VALIDATOR_HAPI_VERSION validator jars from Maven Central into $LIB_DIR"
  mkdir -p "$FHIR_VALIDATOR_CACHE_DIR"
  local tmp="$FHIR_VALIDATOR_CACHE_DIR/libs.tmp.$$" classes="$FHIR_VALIDATOR_CACHE_DIR/classes.tmp.$$"
  local fetch_log="$FHIR_VALIDATOR_CACHE_DIR/fetch.log" began=$SECONDS
  rm -rf "$tmp" "$classes"
  if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -Dhapi.version="$FHIR_VALIDATOR_HAPI_VERSION" \
      -DincludeScope=runtime \
      -DoutputDirectory="$tmp" >"$fetch_log" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$fetch_log" | sed 's/^/  | /' >&2
    die "maven could not fetch the HAPI FHIR $FHIR_VALIDATOR_HAPI_VERSION jars (full output: $fetch_log)"
  fi
  mkdir -p "$classes"
  if ! javac -nowarn -d "$classes" -cp "$tmp/*" "$SOURCE" >>"$fetch_log" 2>&1; then
    rm -rf "$tmp" "$classes"
    tail -n 40 "$fetch_log" | sed 's/^/  | /' >&2
    die "Validate.java does not compile against HAPI FHIR $FHIR_VALIDATOR_HAPI_VERSION (full output: $fetch_log)"
  fi
  rm -rf "$LIB_DIR" "$CLASS_DIR"
  mv "$tmp" "$LIB_DIR"
  mv "$classes" "$CLASS_DIR"
  fingerprint >"$MARKER"
  say "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars and compiled Validate in $((SECONDS - began))s"
}

cmd_run() {
  [[ $# -gt 0 ]] || { usage >&2; exit 2; }
  cmd_fetch
  # shellcheck disable=SC2086 # FHIR_VALIDATOR_JAVA_OPTS is a list of JVM flags
  exec java $FHIR_VALIDATOR_JAVA_OPTS -Djava.awt.headless=true -cp "$LIB_DIR/*:$CLASS_DIR" Validate "$@"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    run) cmd_run "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
