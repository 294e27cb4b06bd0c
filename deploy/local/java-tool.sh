# shellcheck shell=bash
# A Java tool of the tests, run offline: its jars fetched once from Maven Central with a pom
# (`dependency:copy-dependencies`), one Java source beside its script compiled once against them, both
# cached outside the repo and fetched again only when the version, the pom or the source changed.
# Sourced by deploy/fhir-validator/validate.sh (HAPI FHIR's validator) and deploy/helm/render/render.sh
# (helm-java), after they set:
#
#   JT_NAME     prefix of messages (fhir-validator)
#   JT_WHAT     what is fetched, in messages (HAPI FHIR 8.8.0)
#   JT_VERSION  the version given to the pom as -D$JT_VERSION_PROPERTY
#   JT_VERSION_PROPERTY, JT_CACHE_DIR, JT_POM, JT_SOURCE (the .java file; its class has the file's name)
#   JT_CHECK    optional: a function run on the fetched jars' folder before they are used; non-zero (after
#               saying why) refuses them
#
# It defines say, die, usage (the script's header comment), require_jdk, require_mvn, java_tool_fetch,
# JT_LIB_DIR / JT_CLASS_DIR (the classpath is "$JT_LIB_DIR/*:$JT_CLASS_DIR"), and java_tool_main, the
# script's commands: `fetch`, `run` (the script's own cmd_run), `help`.

JT_LIB_DIR="$JT_CACHE_DIR/libs"
JT_CLASS_DIR="$JT_CACHE_DIR/classes"
JT_CLASS="$(basename "$JT_SOURCE" .java)"
__jt_marker="$JT_CACHE_DIR/.fetched"

say() { printf '%s: %s\n' "$JT_NAME" "$*" >&2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; }
die() { printf '%s: error: %s\n' "$JT_NAME" "$*" >&2; exit 1; }

require_jdk() {
  command -v java >/dev/null 2>&1 || die "java not found on PATH ($JT_WHAT needs Java 17+; e.g. apt-get install openjdk-17-jdk-headless)"
  command -v javac >/dev/null 2>&1 || die "javac not found on PATH (a JDK is needed to compile $JT_CLASS.java; e.g. apt-get install openjdk-17-jdk-headless)"
  local spec major
  spec="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  major="${spec%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && (( major < 17 )); then
    die "java $spec found, $JT_WHAT needs Java 17+"
  fi
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (needed once to fetch the $JT_WHAT jars; e.g. apt-get install maven)"
}

__jt_sha() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then sum="$(sha256sum "$1")"; else sum="$(cksum "$1")"; fi
  printf '%s' "${sum%% *}"
}

__jt_fingerprint() {
  printf '%s %s %s\n' "$JT_VERSION" "$(__jt_sha "$JT_POM")" "$(__jt_sha "$JT_SOURCE")"
}

__jt_is_fetched() {
  [[ -f "$__jt_marker" && -d "$JT_LIB_DIR" && -f "$JT_CLASS_DIR/$JT_CLASS.class" ]] &&
    [[ "$(cat "$__jt_marker")" == "$(__jt_fingerprint)" ]]
}

java_tool_fetch() {
  if __jt_is_fetched; then
    say "$JT_WHAT ready in $JT_CACHE_DIR"
    return 0
  fi
  require_jdk
  require_mvn
  say "fetching $JT_WHAT jars from Maven Central into $JT_LIB_DIR"
  mkdir -p "$JT_CACHE_DIR"
  local tmp="$JT_CACHE_DIR/libs.tmp.$$" classes="$JT_CACHE_DIR/classes.tmp.$$"
  local fetch_log="$JT_CACHE_DIR/fetch.log" began=$SECONDS
  rm -rf "$tmp" "$classes"
  if ! mvn -B -q -Dstyle.color=never -f "$JT_POM" dependency:copy-dependencies \
      -D"$JT_VERSION_PROPERTY"="$JT_VERSION" \
      -DincludeScope=runtime \
      -DoutputDirectory="$tmp" >"$fetch_log" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$fetch_log" | sed 's/^/  | /' >&2
    die "maven could not fetch the $JT_WHAT jars (full output: $fetch_log)"
  fi
  if [[ -n ${JT_CHECK:-} ]]; then
    "$JT_CHECK" "$tmp" || { rm -rf "$tmp"; die "the $JT_WHAT jars fetched are not usable here"; }
  fi
  mkdir -p "$classes"
  if ! javac -nowarn -d "$classes" -cp "$tmp/*" "$JT_SOURCE" >>"$fetch_log" 2>&1; then
    rm -rf "$tmp" "$classes"
    tail -n 40 "$fetch_log" | sed 's/^/  | /' >&2
    die "$JT_CLASS.java does not compile against $JT_WHAT (full output: $fetch_log)"
  fi
  rm -rf "$JT_LIB_DIR" "$JT_CLASS_DIR"
  mv "$tmp" "$JT_LIB_DIR"
  mv "$classes" "$JT_CLASS_DIR"
  __jt_fingerprint >"$__jt_marker"
  say "fetched $(find "$JT_LIB_DIR" -name '*.jar' | wc -l) jars and compiled $JT_CLASS in $((SECONDS - began))s"
}

java_tool_main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    fetch) java_tool_fetch ;;
    run) cmd_run "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}
