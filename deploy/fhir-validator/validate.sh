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

JT_NAME=fhir-validator
JT_WHAT="HAPI FHIR $FHIR_VALIDATOR_HAPI_VERSION validator"
JT_VERSION="$FHIR_VALIDATOR_HAPI_VERSION"
JT_VERSION_PROPERTY=hapi.version
JT_CACHE_DIR="$FHIR_VALIDATOR_CACHE_DIR"
JT_POM="$POM"
JT_SOURCE="$SOURCE"
# shellcheck source=deploy/local/java-tool.sh
. "$SCRIPT_DIR/../local/java-tool.sh"

cmd_run() {
  [[ $# -gt 0 ]] || { usage >&2; exit 2; }
  java_tool_fetch
  # shellcheck disable=SC2086 # FHIR_VALIDATOR_JAVA_OPTS is a list of JVM flags
  exec java $FHIR_VALIDATOR_JAVA_OPTS -Djava.awt.headless=true -cp "$JT_LIB_DIR/*:$JT_CLASS_DIR" Validate "$@"
}

java_tool_main "$@"
