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

JT_NAME=helm-render
JT_WHAT="helm-java $HELM_JAVA_VERSION"
JT_VERSION="$HELM_JAVA_VERSION"
JT_VERSION_PROPERTY=helm-java.version
JT_CACHE_DIR="$HELM_JAVA_CACHE_DIR"
JT_POM="$POM"
JT_SOURCE="$SOURCE"
JT_CHECK=native_library_present
# shellcheck source=deploy/local/java-tool.sh
. "$SCRIPT_DIR/../../local/java-tool.sh"

# The native library comes through an OS-activated profile of helm-java's pom: none for this machine
# means no Helm to run.
native_library_present() {
  compgen -G "$1/*-$HELM_JAVA_VERSION.jar" | grep -Eq '/(linux|darwin|windows)-[a-z0-9]+-' || {
    say "helm-java $HELM_JAVA_VERSION has no native library for this machine ($(uname -sm))"
    return 1
  }
}

cmd_run() {
  [[ $# -ge 3 ]] || { usage >&2; exit 2; }
  java_tool_fetch
  # helm-java extracts its native library to a temporary folder: one per run, removed afterwards.
  RUN_TMP="$(mktemp -d -t helm-render-XXXXXX)"
  trap 'rm -rf "$RUN_TMP"' EXIT
  local tmp="$RUN_TMP"
  # No cluster and no user configuration: Helm reads none of the operator's.
  # shellcheck disable=SC2086 # HELM_JAVA_OPTS is a list of JVM flags
  KUBECONFIG=/dev/null HELM_CACHE_HOME="$tmp/cache" HELM_CONFIG_HOME="$tmp/config" HELM_DATA_HOME="$tmp/data" \
    java $HELM_JAVA_OPTS -Djava.io.tmpdir="$tmp" -Djava.awt.headless=true -cp "$JT_LIB_DIR/*:$JT_CLASS_DIR" HelmRender "$@"
}

java_tool_main "$@"
