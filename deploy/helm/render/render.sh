#!/usr/bin/env bash
# Offline `helm lint` and `helm template` of the chart with Helm itself (helm-java from Maven Central:
# Helm 3 as a native library), one JVM for a whole batch of value sets.
#
# helm-java's jars (deploy/helm/render/pom.xml) run on the machine's Java 17+ JDK; HelmRender.java
# (beside this script) is compiled once next to them. Jars and class are cached outside the repo. No
# cluster, no chart repository, no network while rendering.
#
# Usage: deploy/helm/render/render.sh fetch
#        deploy/helm/render/render.sh run <chart> <out> <name[=values.yaml[,more.yaml]]>...
#
#   fetch  download the jars and compile HelmRender.java (once; again only when the pom, the version or
#          HelmRender.java changed)
#   run    fetch if needed, then lint the chart (strict) and render it once per value set into
#          <out>/<name>.yaml (hooks included; release "referral", namespace "specialist-referral"), and
#          print JSON to stdout: {"lint": {"failed", "messages"}, "renders": [{"name", "file", "error"}]}.
#          Exits 0 whatever Helm says (the caller judges); non-zero only when it could not run.
#
# Environment (defaults):
#   HELM_JAVA_VERSION    0.0.21 (Helm 3.21)
#   HELM_JAVA_CACHE_DIR  ${XDG_CACHE_HOME:-$HOME/.cache}/specialist-referral/helm-java-$HELM_JAVA_VERSION
#   HELM_JAVA_OPTS       -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"
SOURCE="$SCRIPT_DIR/HelmRender.java"

HELM_JAVA_VERSION="${HELM_JAVA_VERSION:-0.0.21}"
HELM_JAVA_CACHE_DIR="${HELM_JAVA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/specialist-referral/helm-java-$HELM_JAVA_VERSION}"
HELM_JAVA_OPTS="${HELM_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"

LIB_DIR="$HELM_JAVA_CACHE_DIR/libs"
CLASS_DIR="$HELM_JAVA_CACHE_DIR/classes"
MARKER="$HELM_JAVA_CACHE_DIR/.fetched"

say() { printf 'helm-render: %s\n' "$*" >&2; }
die() { printf 'helm-render: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

require_jdk() {
  command -v java >/dev/null 2>&1 || die "java not found on PATH (helm-java needs Java 17+; e.g. apt-get install openjdk-17-jdk-headless)"
  command -v javac >/dev/null 2>&1 || die "javac not found on PATH (a JDK is needed to compile HelmRender.java; e.g. apt-get install openjdk-17-jdk-headless)"
  local spec major
  spec="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  major="${spec%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && (( major < 17 )); then
    die "java $spec found, helm-java $HELM_JAVA_VERSION needs Java 17+"
  fi
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (needed once to fetch the helm-java jars; e.g. apt-get install maven)"
}

sha() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then sum="$(sha256sum "$1")"; else sum="$(cksum "$1")"; fi
  printf '%s' "${sum%% *}"
}

fingerprint() {
  printf '%s %s %s\n' "$HELM_JAVA_VERSION" "$(sha "$POM")" "$(sha "$SOURCE")"
}

is_fetched() {
  [[ -f "$MARKER" && -d "$LIB_DIR" && -f "$CLASS_DIR/HelmRender.class" ]] && [[ "$(cat "$MARKER")" == "$(fingerprint)" ]]
}

cmd_fetch() {
  if is_fetched; then
    say "helm-java $HELM_JAVA_VERSION ready in $HELM_JAVA_CACHE_DIR"
    return 0
  fi
  require_jdk
  require_mvn
  say "fetching helm-java $HELM_JAVA_VERSION jars from Maven Central into $LIB_DIR"
  mkdir -p "$HELM_JAVA_CACHE_DIR"
  local tmp="$HELM_JAVA_CACHE_DIR/libs.tmp.$$" classes="$HELM_JAVA_CACHE_DIR/classes.tmp.$$"
  local fetch_log="$HELM_JAVA_CACHE_DIR/fetch.log" began=$SECONDS
  rm -rf "$tmp" "$classes"
  if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -Dhelm-java.version="$HELM_JAVA_VERSION" \
      -DincludeScope=runtime \
      -DoutputDirectory="$tmp" >"$fetch_log" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$fetch_log" | sed 's/^/  | /' >&2
    die "maven could not fetch the helm-java $HELM_JAVA_VERSION jars (full output: $fetch_log)"
  fi
  # The native library comes through an OS-activated profile of helm-java's pom: none for this machine
  # means no Helm to run.
  if ! compgen -G "$tmp/*-$HELM_JAVA_VERSION.jar" | grep -Eq '/(linux|darwin|windows)-[a-z0-9]+-'; then
    rm -rf "$tmp"
    die "helm-java $HELM_JAVA_VERSION has no native library for this machine ($(uname -sm))"
  fi
  mkdir -p "$classes"
  if ! javac -nowarn -d "$classes" -cp "$tmp/*" "$SOURCE" >>"$fetch_log" 2>&1; then
    rm -rf "$tmp" "$classes"
    tail -n 40 "$fetch_log" | sed 's/^/  | /' >&2
    die "HelmRender.java does not compile against helm-java $HELM_JAVA_VERSION (full output: $fetch_log)"
  fi
  rm -rf "$LIB_DIR" "$CLASS_DIR"
  mv "$tmp" "$LIB_DIR"
  mv "$classes" "$CLASS_DIR"
  fingerprint >"$MARKER"
  say "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars and compiled HelmRender in $((SECONDS - began))s"
}

cmd_run() {
  [[ $# -ge 3 ]] || { usage >&2; exit 2; }
  cmd_fetch
  # helm-java extracts its native library to a temporary folder: one per run, removed afterwards.
  RUN_TMP="$(mktemp -d -t helm-render-XXXXXX)"
  trap 'rm -rf "$RUN_TMP"' EXIT
  local tmp="$RUN_TMP"
  # No cluster and no user configuration: Helm reads none of the operator's.
  # shellcheck disable=SC2086 # HELM_JAVA_OPTS is a list of JVM flags
  KUBECONFIG=/dev/null HELM_CACHE_HOME="$tmp/cache" HELM_CONFIG_HOME="$tmp/config" HELM_DATA_HOME="$tmp/data" \
    java $HELM_JAVA_OPTS -Djava.io.tmpdir="$tmp" -Djava.awt.headless=true -cp "$LIB_DIR/*:$CLASS_DIR" HelmRender "$@"
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
