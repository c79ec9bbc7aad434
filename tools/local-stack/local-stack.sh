#!/usr/bin/env bash
# local-stack.sh — run the pipeline's Kafka broker and MongoDB-compatible store
# on this machine without Docker.
#
#   kafka  Apache Kafka 4.1.x, one KRaft node (broker+controller) on loopback,
#          run from jars that Maven resolves (no Kafka tarball needed).
#   mongo  FerretDB 1.24.x (MongoDB wire protocol, SQLite backend), built with Go.
#
# Usage: local-stack.sh COMMAND [kafka|mongo|all]   (npm run stack -- COMMAND …)
#   build  [COMP]         fetch/build what COMP needs into the cache; start nothing
#   start  [COMP]         build if needed, start, wait until ready (no-op if running)
#   stop   [COMP]         SIGTERM, wait up to 30 s, then SIGKILL
#   status [COMP]         one line per component; exit 0 if all running, else 3
#   logs   [COMP] [-f]    print log paths and their tails (-f, --follow: follow;
#                         default: the last LOG_LINES lines, once)
#   reset  [COMP]         stop and delete data and logs (caches are kept)
#   kafka-run CLASS ARGS  run a Kafka CLI main class with the cached jars,
#                         e.g. kafka-run org.apache.kafka.tools.TopicCommand --list
#                              --bootstrap-server 127.0.0.1:9092
#   help, -h, --help      print this help and exit (also after any COMMAND)
# COMP defaults to all.
#
# Environment overrides:
#   KAFKA_PORT             broker listener port                 (9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener port       (9093)
#   KAFKA_SASL_SSL_PORT    SASL_SSL listener (SCRAM, PLAIN)     (KAFKA_PORT+2: 9094)
#   KAFKA_SSL_PORT         SSL listener requiring a client cert (KAFKA_PORT+3: 9095)
#   MONGO_PORT             FerretDB listen port                 (27017)
#   MONGO_TLS_PORT         FerretDB TLS listener, client cert   (MONGO_PORT+1: 27018)
#                          required (CA and certs made once in
#                          TP_CACHE_DIR/mongo-tls-1)
#   TP_CACHE_DIR           jars, Go build, binaries             ($HOME/.cache/tweet-pipeline)
#   TP_STATE_DIR           data, pid files, logs                (<repo>/.local-stack)
#   KAFKA_VERSION          Kafka version                        (4.1.1, falls back to 4.1.0)
#   FERRETDB_VERSION       FerretDB version                     (1.24.2)
#   KAFKA_HEAP_OPTS        broker heap flags                    (-Xms512m -Xmx1g)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker       (90)
#   MONGO_START_TIMEOUT    seconds to wait for FerretDB         (30)
#   STOP_TIMEOUT           seconds between SIGTERM and SIGKILL  (30)
#   LOG_LINES              lines of each log that logs prints   (30)
#
# Exit codes: 0 ok, 1 error, 2 bad arguments (one line on stderr, nothing
# started), 3 status found something not running.

set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
# Derived from KAFKA_PORT so that private stacks on other ports never collide on them.
KAFKA_SASL_SSL_PORT=${KAFKA_SASL_SSL_PORT:-$((KAFKA_PORT + 2))}
KAFKA_SSL_PORT=${KAFKA_SSL_PORT:-$((KAFKA_PORT + 3))}
MONGO_PORT=${MONGO_PORT:-27017}
# Derived from MONGO_PORT so that private and outage stacks never collide on it.
MONGO_TLS_PORT=${MONGO_TLS_PORT:-$((MONGO_PORT + 1))}
TP_CACHE_DIR=${TP_CACHE_DIR:-$HOME/.cache/tweet-pipeline}
TP_STATE_DIR=${TP_STATE_DIR:-$REPO_ROOT/.local-stack}
FERRETDB_VERSION=${FERRETDB_VERSION:-1.24.2}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
MONGO_START_TIMEOUT=${MONGO_START_TIMEOUT:-30}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}

# An explicit KAFKA_VERSION is used as is; otherwise 4.1.1 is preferred and
# 4.1.0 is the fallback in case the newer release cannot be resolved.
KAFKA_VERSION_CANDIDATES=(4.1.1 4.1.0)
[[ -n ${KAFKA_VERSION:-} ]] && KAFKA_VERSION_CANDIDATES=("$KAFKA_VERSION")

# Kafka's POM brings log4j-core/api and slf4j-api but no SLF4J 1.x -> log4j2
# binding; without log4j-slf4j-impl nearly everything the broker logs (it
# logs through SLF4J) is silently dropped by SLF4J's NOP fallback.
LOG4J_VERSION=2.24.3
SLF4J_VERSION=1.7.36
DEPENDENCY_PLUGIN_VERSION=3.8.1

JAVA_HINT="On Debian/Ubuntu: apt-get install openjdk-17-jre-headless maven"
GO_HINT="FerretDB needs Go >= 1.24. On Debian/Ubuntu, apt-get install golang gives that on newer releases, but Debian 12's golang-go is 1.19: take Go from bookworm-backports or a Go release"

LOG_DIR=$TP_STATE_DIR/logs
RUN_DIR=$TP_STATE_DIR/run
KAFKA_STATE=$TP_STATE_DIR/kafka
MONGO_STATE=$TP_STATE_DIR/ferretdb

log() { printf '[local-stack] %s\n' "$*" >&2; }
die() { printf '[local-stack] error: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { local ms=$(( $(now_ms) - $1 )); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

require_tool() {
  local tool=$1 why=$2 hint=$3
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH; it is needed $why. $hint"
}

require_java() {
  require_tool java "to run Kafka" "$JAVA_HINT"
  local major
  major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  # Kafka 4 brokers refuse to run on anything older than Java 17.
  [[ -n $major && $major -ge 17 ]] || die "Kafka ${KAFKA_VERSION_CANDIDATES[0]} needs Java >= 17 (found '${major:-unknown}'). $JAVA_HINT"
}

require_go() {
  require_tool go "to build FerretDB" "$GO_HINT"
  local v
  v=$(go env GOVERSION 2>/dev/null | sed -n 's/^go\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  local major=${v% *} minor=${v#* }
  # `go get -tool` and FerretDB's go.mod both need Go 1.24.
  if [[ -z $v ]] || (( major == 1 && minor < 24 )); then
    die "FerretDB $FERRETDB_VERSION needs Go >= 1.24 (found $(go env GOVERSION 2>/dev/null || echo unknown)). $GO_HINT"
  fi
}

# ---------------------------------------------------------------- processes

pid_file() { echo "$RUN_DIR/$1.pid"; }

# What a component's command line must contain for a pid to count as ours:
# the pid file alone could point at a recycled pid, and a stack from another
# checkout (other TP_STATE_DIR) must not be mistaken for this one.
cmd_marker() {
  case $1 in
    kafka) echo "$KAFKA_STATE/server.properties" ;;
    mongo) echo "file:$MONGO_STATE/data/" ;;
  esac
}

is_ours() {
  local comp=$1 pid=$2 state cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/stat ]] || return 1
  # A zombie is dead for our purposes; it only lingers where nobody reaps.
  state=$(sed 's/.*) \(.\).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$(cmd_marker "$comp")"* ]]
}

# Prints the pid if the component's recorded process is alive and ours.
running_pid() {
  local comp=$1 f pid
  f=$(pid_file "$comp")
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  is_ours "$comp" "$pid" || return 1
  echo "$pid"
}

# Ports this invocation asks for.
comp_ports() {
  case $1 in
    kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT $KAFKA_SASL_SSL_PORT $KAFKA_SSL_PORT" ;;
    mongo) echo "$MONGO_PORT $MONGO_TLS_PORT" ;;
  esac
}

# Ports the running process was launched with; they can differ from the
# current environment, and checks against the wrong ports would misjudge it.
running_ports() {
  local f="$RUN_DIR/$1.ports"
  if [[ -f $f ]]; then cat "$f"; else comp_ports "$1"; fi
}

port_listening() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# "pid=123 (java)" for whoever listens on the port, when ss can tell.
port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null |
    sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/pid=\2 (\1)/p' | head -n1
}

port_owner_pid() {
  port_owner "$1" | sed -n 's/^pid=\([0-9]*\).*/\1/p'
}

# Starts "$@" in its own session so it survives the calling shell (and CI step)
# until `stop`; the pid is written from inside so it is the real server pid
# even when setsid has to fork.
launch_detached() {
  local pidf=$1 logf=$2; shift 2
  rm -f "$pidf"
  # Runs inside the new process: $0 is the pid file, $$ its own pid.
  # shellcheck disable=SC2016
  local inner='echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"'
  # fd 9 is our lock; a daemon inheriting it would hold the lock forever.
  if command -v setsid >/dev/null 2>&1; then
    setsid -f bash -c "$inner" "$pidf" "$@" \
      </dev/null >>"$logf" 2>&1 9>&-
  else
    nohup bash -c "$inner" "$pidf" "$@" \
      </dev/null >>"$logf" 2>&1 9>&- &
    disown
  fi
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidf ]] && return 0
    sleep 0.1
  done
  die "process for $pidf did not start; see $logf"
}

rotate_log() {
  local f=$1
  [[ -f $f ]] && mv -f "$f" "$f.1"
  : >"$f"
}

lock() {
  mkdir -p "$TP_STATE_DIR"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$TP_STATE_DIR/.lock"
  flock -w 300 9 || die "another local-stack.sh is busy with $TP_STATE_DIR (lock $TP_STATE_DIR/.lock)"
}

# -------------------------------------------------------------------- kafka

kafka_cache_dir() { echo "$TP_CACHE_DIR/kafka-$1"; }

kafka_pom() {
  local v=$1
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by tools/local-stack/local-stack.sh; only used to resolve jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tweet-pipeline</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>$v</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$v</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$v</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>$DEPENDENCY_PLUGIN_VERSION</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
}

# The marker holds the pom's checksum: it is written only after a complete
# copy, so an interrupted download (or a changed dependency list) is redone.
kafka_is_built() {
  local v=$1 dir
  dir=$(kafka_cache_dir "$v")
  [[ -f $dir/.complete && -d $dir/libs ]] || return 1
  [[ $(<"$dir/.complete") == "$(kafka_pom "$v" | sha256sum | cut -d' ' -f1)" ]]
}

kafka_build_version() {
  local v=$1 dir t0
  dir=$(kafka_cache_dir "$v")
  kafka_is_built "$v" && return 0
  require_java
  require_tool mvn "to fetch the Kafka jars" "$JAVA_HINT"
  log "fetching Kafka $v jars with Maven into $dir/libs (first run only)..."
  t0=$(now_ms)
  mkdir -p "$dir"
  rm -rf "$dir/libs.partial" "$dir/.complete"
  kafka_pom "$v" >"$dir/pom.xml"
  if ! mvn -B -q -Dstyle.color=never -f "$dir/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$dir/libs.partial" >"$dir/mvn.log" 2>&1; then
    log "Maven could not resolve Kafka $v (output in $dir/mvn.log):"
    tail -n 15 "$dir/mvn.log" >&2
    return 1
  fi
  rm -rf "$dir/libs"
  mv "$dir/libs.partial" "$dir/libs"
  kafka_pom "$v" | sha256sum | cut -d' ' -f1 >"$dir/.complete"
  log "Kafka $v jars ready ($(find "$dir/libs" -name '*.jar' | wc -l) jars, $(elapsed "$t0"))"
}

# Sets KAFKA_VER to a version whose jars are in the cache, building if needed.
kafka_ensure_built() {
  local v
  for v in "${KAFKA_VERSION_CANDIDATES[@]}"; do
    if kafka_is_built "$v"; then KAFKA_VER=$v; return 0; fi
  done
  for v in "${KAFKA_VERSION_CANDIDATES[@]}"; do
    if kafka_build_version "$v"; then KAFKA_VER=$v; return 0; fi
    log "Kafka $v unavailable, trying the next candidate"
  done
  die "could not fetch Kafka jars for any of: ${KAFKA_VERSION_CANDIDATES[*]}"
}

kafka_libs() { echo "$(kafka_cache_dir "$KAFKA_VER")/libs"; }

kafka_write_config() {
  mkdir -p "$KAFKA_STATE/data"
  cat >"$KAFKA_STATE/server.properties" <<EOF
# Generated by tools/local-stack/local-stack.sh on every start; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT,SASL_SSL://127.0.0.1:$KAFKA_SASL_SSL_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT,SASL_SSL://127.0.0.1:$KAFKA_SASL_SSL_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_STATE/data

# Secured listeners beside the plaintext one, as a team's own cluster has them
# (kafka_tls_ensure made the PEM files). SASL_SSL: SCRAM-SHA-256/512 users are
# created at storage format, PLAIN users live in the JAAS line below. SSL:
# mutual TLS, the client's certificate must be signed by the local CA.
ssl.keystore.type=PEM
ssl.keystore.location=$(kafka_tls_dir)/broker-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$(kafka_tls_dir)/ca.pem
listener.name.ssl.ssl.client.auth=required
listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_TLS_USER="$(kafka_tls_password)";

# One node: every internal topic must make do with a single replica, or the
# group/transaction/share coordinators never become available.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Consumers in tests should not sit out the default 3 s rebalance delay.
group.initial.rebalance.delay.ms=0
num.partitions=12
# Topics are created explicitly so that partition counts are deliberate.
auto.create.topics.enable=false
EOF

  cat >"$KAFKA_STATE/log4j2.properties" <<'EOF'
# Broker logging: everything to stdout, which the launcher sends to logs/kafka.log.
status = warn
name = local-stack-kafka
appender.out.type = Console
appender.out.name = STDOUT
appender.out.target = SYSTEM_OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
# Per-request logging would drown the rest.
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.channel.name = kafka.network.RequestChannel$
logger.channel.level = WARN
EOF

  cat >"$KAFKA_STATE/tools-log4j2.properties" <<'EOF'
# CLI tools (kafka-run): warnings only, on stderr, so stdout stays parseable.
status = warn
name = local-stack-kafka-tools
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
}

# KRaft refuses to start on an unformatted log dir. --standalone makes this
# node the sole voter of a dynamic quorum (the mode that pairs with
# controller.quorum.bootstrap.servers); being the only voter, it can still
# come back on a different controller port later.
kafka_format_if_needed() {
  local data=$KAFKA_STATE/data cluster_id
  [[ -f $data/meta.properties ]] && return 0
  log "formatting Kafka storage in $data (first start only)"
  cluster_id=$(java -cp "$(kafka_libs)/*" -Dlog4j2.configurationFile="$KAFKA_STATE/tools-log4j2.properties" \
    kafka.tools.StorageTool random-uuid)
  java -cp "$(kafka_libs)/*" -Dlog4j2.configurationFile="$KAFKA_STATE/tools-log4j2.properties" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_STATE/server.properties" --standalone \
    --add-scram "SCRAM-SHA-256=[name=$KAFKA_TLS_USER,password=$(kafka_tls_password)]" \
    --add-scram "SCRAM-SHA-512=[name=$KAFKA_TLS_USER,password=$(kafka_tls_password)]" \
    >>"$LOG_DIR/kafka.log" 2>&1 ||
    { tail -n 20 "$LOG_DIR/kafka.log" >&2; die "formatting Kafka storage failed (log: $LOG_DIR/kafka.log)"; }
  kafka_scram_marker >"$KAFKA_STATE/scram-users"
}

# The SCRAM users a data dir holds, as a digest of user and password: a data
# dir formatted before the secure listeners existed (or with another cached
# password) gets them through the admin API once the broker is up.
kafka_scram_marker() { printf '%s:%s' "$KAFKA_TLS_USER" "$(kafka_tls_password)" | sha256sum | cut -d' ' -f1; }

kafka_scram_ensure() {
  [[ -f $KAFKA_STATE/scram-users && $(<"$KAFKA_STATE/scram-users") == "$(kafka_scram_marker)" ]] && return 0
  log "adding the SCRAM users to Kafka (data formatted before they existed)"
  local mechanism
  # One mechanism per request: the broker refuses two credentials of one user in the same alter.
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    java -Xmx256m -cp "$(kafka_libs)/*" -Dlog4j2.configurationFile="$KAFKA_STATE/tools-log4j2.properties" \
      kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --alter \
      --entity-type users --entity-name "$KAFKA_TLS_USER" --add-config "$mechanism=[password=$(kafka_tls_password)]" \
      >>"$LOG_DIR/kafka.log" 2>&1 || die "adding the $mechanism user failed (log: $LOG_DIR/kafka.log)"
  done
  kafka_scram_marker >"$KAFKA_STATE/scram-users"
}

# ---------------------------------------------------------------- kafka tls

# Layout version of the cached TLS material: bump it when what is made changes.
KAFKA_TLS_LAYOUT=1
KAFKA_TLS_USER=tp_client
kafka_tls_dir() { echo "$TP_CACHE_DIR/kafka-tls-$KAFKA_TLS_LAYOUT"; }
kafka_tls_password() { cat "$(kafka_tls_dir)/sasl.password" 2>/dev/null || true; }

# A CA, the broker's certificate (127.0.0.1 and localhost) and a client
# certificate for mutual TLS (plain key, and the same key encrypted with the
# password in client-key.password), plus a second CA that signed nothing (to
# test an untrusted broker) and the SASL user's random password. Made once,
# in a temporary directory renamed into place, so that stacks started side by
# side never see half of it.
kafka_tls_ensure() {
  local dir tmp
  dir=$(kafka_tls_dir)
  [[ -f $dir/.complete ]] && return 0
  require_tool openssl "to make the certificates of Kafka's SASL_SSL/SSL listeners" "On Debian/Ubuntu: apt-get install openssl"
  mkdir -p "$TP_CACHE_DIR"
  tmp=$(mktemp -d "$TP_CACHE_DIR/.kafka-tls.XXXXXX")
  log "making a CA and certificates for Kafka's SASL_SSL/SSL listeners in $dir (first start only)"
  (
    set -e
    cd "$tmp"
    local days=3650
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $days \
      -subj '/CN=tweet-pipeline local CA' -addext 'basicConstraints=critical,CA:TRUE' \
      -addext 'keyUsage=critical,keyCertSign,cRLSign'
    openssl req -x509 -newkey rsa:2048 -nodes -keyout untrusted-ca.key -out untrusted-ca.pem -days $days \
      -subj '/CN=tweet-pipeline untrusted CA' -addext 'basicConstraints=critical,CA:TRUE'
    openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj '/CN=localhost'
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >broker.ext
    openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out broker.pem -days $days \
      -extfile broker.ext
    openssl pkcs8 -topk8 -nocrypt -in broker.key -out broker.pk8
    cat broker.pk8 broker.pem >broker-keystore.pem
    openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/CN=$KAFKA_TLS_USER"
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days $days \
      -extfile client.ext
    openssl rand -hex 16 >client-key.password
    openssl pkcs8 -topk8 -v2 aes-256-cbc -in client.key -out client-encrypted.key \
      -passout file:client-key.password
    openssl rand -hex 24 >sasl.password
    echo "$KAFKA_TLS_USER" >sasl.username
    rm -f ./*.csr ./*.ext ./*.srl broker.pk8
    chmod 600 ./*.key sasl.password client-key.password broker-keystore.pem
    touch .complete
  ) >>"$tmp/openssl.log" 2>&1 || { cat "$tmp/openssl.log" >&2; rm -rf "$tmp"; die "making the Kafka TLS material failed"; }
  # Another start may have won the race; its material is as good as ours.
  mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
}

kafka_launch() {
  kafka_tls_ensure
  kafka_write_config
  rotate_log "$LOG_DIR/kafka.log"
  kafka_format_if_needed
  local -a heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  # JVM flags follow Kafka's own kafka-run-class.sh defaults.
  launch_detached "$(pid_file kafka)" "$LOG_DIR/kafka.log" \
    java "${heap[@]}" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -XX:MaxInlineLevel=15 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_STATE/log4j2.properties" \
    -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$(kafka_libs)/*" kafka.Kafka "$KAFKA_STATE/server.properties"
}

# ----------------------------------------------------------------- ferretdb

ferretdb_dir() { echo "$TP_CACHE_DIR/ferretdb-$FERRETDB_VERSION"; }
ferretdb_bin() { echo "$(ferretdb_dir)/bin/ferretdb"; }

ferretdb_is_built() {
  local dir
  dir=$(ferretdb_dir)
  [[ -f $dir/.complete && -x $dir/bin/ferretdb ]]
}

# A plain `go install .../cmd/ferretdb@vX` binary panics at start: FerretDB
# embeds build/version/version.txt, which is generated in its own repo and
# absent from the module zip (FerretDB issue #2982). Since Go 1.24 a tool built
# from a dependency records FerretDB as the main module, so the check runs even
# from a wrapper module. Vendoring the tool and adding version.txt to the
# vendored copy gives the real, unmodified CLI.
ferretdb_build() {
  ferretdb_is_built && return 0
  require_go
  local dir src t0 vdir
  dir=$(ferretdb_dir)
  src=$dir/src
  log "building FerretDB $FERRETDB_VERSION with Go into $dir/bin (first run only)..."
  t0=$(now_ms)
  rm -rf "${src:?}" "${dir:?}/.complete" "${dir:?}/bin"
  mkdir -p "$src" "$dir/bin"
  # Private module/build caches keep the build independent of the user's Go
  # setup; -modcacherw because Go otherwise makes them read-only (undeletable).
  (
    cd "$src" || exit 1
    export GOPATH=$dir/go GOMODCACHE=$dir/go/pkg/mod GOCACHE=$dir/go/cache
    export GOFLAGS="-modcacherw -buildvcs=false" GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0
    vdir=vendor/github.com/FerretDB/FerretDB/build/version
    # An && chain: set -e does not apply inside a subshell tested by ||.
    go mod init local/ferretdb-build &&
      go get -tool "github.com/FerretDB/FerretDB/cmd/ferretdb@v$FERRETDB_VERSION" &&
      go mod vendor &&
      { [[ -d $vdir ]] || { echo "unexpected vendor layout: $vdir missing"; false; }; } &&
      echo "v$FERRETDB_VERSION" >"$vdir/version.txt" &&
      go build -mod=vendor -trimpath -o "$dir/bin/ferretdb.partial" github.com/FerretDB/FerretDB/cmd/ferretdb
  ) >"$dir/build.log" 2>&1 || {
    tail -n 20 "$dir/build.log" >&2
    die "building FerretDB failed (log: $dir/build.log)"
  }
  "$dir/bin/ferretdb.partial" --version >>"$dir/build.log" 2>&1 ||
    { tail -n 20 "$dir/build.log" >&2; die "built FerretDB binary does not run (log: $dir/build.log)"; }
  mv "$dir/bin/ferretdb.partial" "$dir/bin/ferretdb"
  # Vendor tree and Go caches (~1.2 GB) only serve this build; a failed build
  # keeps them so that a retry does not download everything again.
  rm -rf "$src/vendor" "$dir/go"
  echo "$FERRETDB_VERSION" >"$dir/.complete"
  log "FerretDB $FERRETDB_VERSION ready ($(elapsed "$t0"))"
}

# ------------------------------------------------------------- ferretdb tls

# Layout version of the cached TLS material: bump it when what is made changes.
MONGO_TLS_LAYOUT=1
mongo_tls_dir() { echo "$TP_CACHE_DIR/mongo-tls-$MONGO_TLS_LAYOUT"; }

# A CA, FerretDB's certificate (127.0.0.1 and localhost) and a client
# certificate with its key in one PEM (the driver's tlsCertificateKeyFile),
# plus a second CA that signed nothing (to test an untrusted server). Made
# once, in a temporary directory renamed into place, so that stacks started
# side by side never see half of it.
mongo_tls_ensure() {
  local dir tmp
  dir=$(mongo_tls_dir)
  [[ -f $dir/.complete ]] && return 0
  require_tool openssl "to make the certificates of FerretDB's TLS listener" "On Debian/Ubuntu: apt-get install openssl"
  mkdir -p "$TP_CACHE_DIR"
  tmp=$(mktemp -d "$TP_CACHE_DIR/.mongo-tls.XXXXXX")
  log "making a CA and certificates for FerretDB's TLS listener in $dir (first start only)"
  (
    set -e
    cd "$tmp"
    local days=3650
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $days \
      -subj '/CN=tweet-pipeline local database CA' -addext 'basicConstraints=critical,CA:TRUE' \
      -addext 'keyUsage=critical,keyCertSign,cRLSign'
    openssl req -x509 -newkey rsa:2048 -nodes -keyout untrusted-ca.key -out untrusted-ca.pem -days $days \
      -subj '/CN=tweet-pipeline untrusted CA' -addext 'basicConstraints=critical,CA:TRUE'
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost'
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days $days \
      -extfile server.ext
    openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj '/CN=tp_client'
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days $days \
      -extfile client.ext
    cat client.pem client.key >client-cert-key.pem
    rm -f ./*.csr ./*.ext ./*.srl untrusted-ca.key
    chmod 600 ./*.key client-cert-key.pem
    touch .complete
  ) >>"$tmp/openssl.log" 2>&1 || { cat "$tmp/openssl.log" >&2; rm -rf "$tmp"; die "making the FerretDB TLS material failed"; }
  # Another start may have won the race; its material is as good as ours.
  mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
}

mongo_launch() {
  mongo_tls_ensure
  mkdir -p "$MONGO_STATE/data"
  rotate_log "$LOG_DIR/ferretdb.log"
  local tls
  tls=$(mongo_tls_dir)
  # --state-dir=- keeps FerretDB from writing state.json into the cwd;
  # --debug-addr=- avoids a second port (8088) that could clash.
  # --listen-tls-ca-file makes FerretDB require a client certificate signed by
  # that CA on the TLS port (mutual TLS); the plain port stays as it is.
  FERRETDB_TELEMETRY=disable launch_detached "$(pid_file mongo)" "$LOG_DIR/ferretdb.log" \
    "$(ferretdb_bin)" --handler=sqlite --sqlite-url="file:$MONGO_STATE/data/" \
    --listen-addr="127.0.0.1:$MONGO_PORT" --state-dir=- --debug-addr=- --telemetry=disable \
    --listen-tls="127.0.0.1:$MONGO_TLS_PORT" --listen-tls-cert-file="$tls/server.pem" \
    --listen-tls-key-file="$tls/server.key" --listen-tls-ca-file="$tls/ca.pem"
}

# ------------------------------------------------------------------ generic

comp_name() { case $1 in kafka) echo "kafka" ;; mongo) echo "ferretdb" ;; esac; }
comp_log() { echo "$LOG_DIR/$(comp_name "$1").log"; }
comp_ready_line() { case $1 in kafka) echo "Kafka Server started" ;; mongo) echo "Listening on TCP" ;; esac; }
comp_timeout() { case $1 in kafka) echo "$KAFKA_START_TIMEOUT" ;; mongo) echo "$MONGO_START_TIMEOUT" ;; esac; }

comp_build() {
  case $1 in
    kafka) kafka_ensure_built ;;
    mongo) ferretdb_build ;;
  esac
}

all_ports_listening() {
  local p
  for p in $(running_ports "$1"); do port_listening "$p" || return 1; done
}

# Returns 0 if a launch is needed, 1 if the component is already up or
# starting (then it is left to wait_ready).
prepare_start() {
  local comp=$1 name pid pidf p owner owner_pid
  name=$(comp_name "$comp")
  pidf=$(pid_file "$comp")
  if pid=$(running_pid "$comp"); then
    # A broker started before the secure listeners existed runs on the first two ports only:
    # still the same broker, but it has no SASL_SSL/SSL listener until it is restarted.
    if [[ $comp == kafka && $(running_ports kafka) == "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ]]; then
      log "Kafka (pid $pid) was started without the SASL_SSL/SSL listeners; stop and start it to get them"
    elif [[ $comp == mongo && $(running_ports mongo) == "$MONGO_PORT" ]]; then
      log "FerretDB (pid $pid) was started without the TLS listener; stop and start it to get it"
    elif [[ $(running_ports "$comp") != "$(comp_ports "$comp")" ]]; then
      die "$name is already running (pid $pid) on port(s) $(running_ports "$comp"), not the requested $(comp_ports "$comp"); stop it first"
    fi
    if all_ports_listening "$comp"; then
      log "$name already running (pid $pid, port $(running_ports "$comp" | cut -d' ' -f1)); nothing to do"
      ALREADY_UP+=("$comp")
    else
      log "$name already starting (pid $pid); waiting for it"
    fi
    return 1
  fi
  if [[ -f $pidf ]]; then
    log "removing stale $name pid file (pid $(<"$pidf") is gone or no longer $name)"
    rm -f "$pidf" "$RUN_DIR/$comp.ports"
  fi
  for p in $(comp_ports "$comp"); do
    port_listening "$p" || continue
    owner=$(port_owner "$p")
    owner_pid=$(port_owner_pid "$p")
    # Our own server whose pid file was lost: adopt it rather than fail.
    if [[ -n $owner_pid ]] && is_ours "$comp" "$owner_pid"; then
      log "$name is running without a pid file (pid $owner_pid); adopting it"
      echo "$owner_pid" >"$pidf"
      comp_ports "$comp" >"$RUN_DIR/$comp.ports"
      return 1
    fi
    die "port $p (needed by $name) is already in use by another process${owner:+: $owner}; stop it or set $(port_var "$comp" "$p") to another port"
  done
  return 0
}

port_var() {
  case $1:$2 in
    kafka:"$KAFKA_PORT") echo KAFKA_PORT ;;
    kafka:"$KAFKA_SASL_SSL_PORT") echo KAFKA_SASL_SSL_PORT ;;
    kafka:"$KAFKA_SSL_PORT") echo KAFKA_SSL_PORT ;;
    kafka:*) echo KAFKA_CONTROLLER_PORT ;;
    mongo:"$MONGO_TLS_PORT") echo MONGO_TLS_PORT ;;
    mongo:*) echo MONGO_PORT ;;
  esac
}

wait_ready() {
  local comp=$1 t0=$2 name logf line timeout pid deadline
  name=$(comp_name "$comp")
  logf=$(comp_log "$comp")
  line=$(comp_ready_line "$comp")
  timeout=$(comp_timeout "$comp")
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    if ! pid=$(running_pid "$comp"); then
      log "$name exited during startup; last lines of $logf:"
      tail -n 40 "$logf" >&2 || true
      rm -f "$(pid_file "$comp")"
      die "$name failed to start"
    fi
    # The log line alone can precede the listener; the port alone can be the
    # controller answering before the broker is ready. Require both.
    if grep -qF "$line" "$logf" 2>/dev/null && all_ports_listening "$comp"; then
      log "$name ready (pid $pid, port $(running_ports "$comp" | cut -d' ' -f1), $(elapsed "$t0"))"
      return 0
    fi
    if (( $(date +%s) >= deadline )); then
      log "$name not ready after ${timeout}s; last lines of $logf:"
      tail -n 40 "$logf" >&2 || true
      stop_comps "$comp"
      die "$name did not become ready within ${timeout}s (log: $logf)"
    fi
    sleep 0.2
  done
}

cmd_start() {
  local comp
  ALREADY_UP=()
  local -a waiting=()
  local -A t0=()
  lock
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  # Build everything first so that a failed fetch starts nothing.
  for comp in "$@"; do comp_build "$comp"; done
  for comp in "$@"; do
    t0[$comp]=$(now_ms)
    if prepare_start "$comp"; then
      case $comp in
        kafka) require_java; kafka_launch ;;
        mongo) mongo_launch ;;
      esac
      comp_ports "$comp" >"$RUN_DIR/$comp.ports"
    fi
    # FerretDB is up in well under a second, so it is waited on first and
    # its reported start time is its own rather than Kafka's.
    waiting=("$comp" "${waiting[@]}")
  done
  # Both launch before either is waited on, so their start-up overlaps.
  for comp in "${waiting[@]}"; do
    [[ " ${ALREADY_UP[*]} " == *" $comp "* ]] && continue
    wait_ready "$comp" "${t0[$comp]}"
  done
  for comp in "$@"; do log "$(comp_name "$comp") log: $(comp_log "$comp")"; done
  if [[ " $* " == *" kafka "* ]]; then
    kafka_scram_ensure
    log "Kafka bootstrap: 127.0.0.1:$KAFKA_PORT"
    log "Kafka SASL_SSL bootstrap: 127.0.0.1:$KAFKA_SASL_SSL_PORT (SCRAM-SHA-256/512, PLAIN; user $KAFKA_TLS_USER, password in $(kafka_tls_dir)/sasl.password)"
    log "Kafka SSL (mutual TLS) bootstrap: 127.0.0.1:$KAFKA_SSL_PORT (client cert $(kafka_tls_dir)/client.pem, key client.key)"
    log "Kafka CA file: $(kafka_tls_dir)/ca.pem"
  fi
  if [[ " $* " == *" mongo "* ]]; then
    log "MongoDB URI: mongodb://127.0.0.1:$MONGO_PORT/"
    log "MongoDB TLS URI: mongodb://127.0.0.1:$MONGO_TLS_PORT/?tls=true (CA $(mongo_tls_dir)/ca.pem, client cert and key $(mongo_tls_dir)/client-cert-key.pem)"
  fi
  return 0
}

stop_comps() {
  local comp pid i
  local -a pids=() names=()
  for comp in "$@"; do
    if pid=$(running_pid "$comp"); then
      log "stopping $(comp_name "$comp") (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$comp")
    else
      log "$(comp_name "$comp") not running"
    fi
  done
  for i in "${!pids[@]}"; do
    comp=${names[$i]} pid=${pids[$i]}
    local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
    while is_ours "$comp" "$pid" && (( $(date +%s) < deadline )); do sleep 0.2; done
    if is_ours "$comp" "$pid"; then
      log "$(comp_name "$comp") still running after ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while is_ours "$comp" "$pid"; do sleep 0.1; done
    fi
    log "$(comp_name "$comp") stopped"
  done
  for comp in "$@"; do rm -f "$(pid_file "$comp")" "$RUN_DIR/$comp.ports"; done
}

cmd_stop() {
  lock
  stop_comps "$@"
}

cmd_status() {
  local comp pid rc=0 ports
  for comp in "$@"; do
    if pid=$(running_pid "$comp"); then
      ports=$(running_ports "$comp")
      if all_ports_listening "$comp"; then
        printf '%-8s running  pid %-7s port %s\n' "$(comp_name "$comp")" "$pid" "${ports// /,}"
      else
        printf '%-8s starting pid %-7s port %s (not answering yet)\n' "$(comp_name "$comp")" "$pid" "${ports// /,}"
        rc=3
      fi
    else
      printf '%-8s stopped\n' "$(comp_name "$comp")"
      rc=3
    fi
  done
  return "$rc"
}

cmd_build() {
  lock
  local comp
  for comp in "$@"; do
    comp_build "$comp"
    case $comp in
      kafka) log "Kafka $KAFKA_VER jars: $(kafka_libs)" ;;
      mongo) log "FerretDB $FERRETDB_VERSION binary: $(ferretdb_bin)" ;;
    esac
  done
}

cmd_logs() {
  local follow=0 comp
  local -a args=() comps files=()
  for comp in "$@"; do
    case $comp in -f|--follow) follow=1 ;; -*) usage_error "unknown option '$comp' for logs (only -f, --follow)" ;; *) args+=("$comp") ;; esac
  done
  parse_comps "${args[@]}"
  comps=("${COMPS[@]}")
  for comp in "${comps[@]}"; do files+=("$(comp_log "$comp")"); done
  if ((follow)); then
    exec tail -n 20 -F "${files[@]}"
  fi
  for comp in "${comps[@]}"; do
    local f
    f=$(comp_log "$comp")
    echo "== $(comp_name "$comp"): $f"
    if [[ -f $f ]]; then tail -n "${LOG_LINES:-30}" "$f"; else echo "(no log yet)"; fi
  done
}

cmd_reset() {
  lock
  stop_comps "$@"
  local comp
  for comp in "$@"; do
    case $comp in
      kafka) rm -rf "$KAFKA_STATE" ;;
      mongo) rm -rf "$MONGO_STATE" ;;
    esac
    rm -f "$(comp_log "$comp")" "$(comp_log "$comp").1"
    log "$(comp_name "$comp") data and logs deleted"
  done
}

cmd_kafka_run() {
  (($#)) || usage_error "kafka-run needs a Kafka main class, e.g. org.apache.kafka.tools.TopicCommand"
  [[ $1 != -* ]] || usage_error "kafka-run needs a Kafka main class before any option, not '$1'"
  require_java
  kafka_ensure_built
  mkdir -p "$KAFKA_STATE"
  [[ -f $KAFKA_STATE/tools-log4j2.properties ]] || kafka_write_config
  exec java -Xmx512m -Dlog4j2.configurationFile="$KAFKA_STATE/tools-log4j2.properties" \
    -cp "$(kafka_libs)/*" "$@"
}

# The header of this file is the help: every command, option and environment override with its default.
usage() {
  sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
}

# A bad command line: one line on stderr and exit 2, before anything is built, started or stopped.
usage_error() {
  printf 'local-stack.sh: %s (local-stack.sh --help lists the commands)\n' "$*" >&2
  exit 2
}

parse_comps() {
  local c
  COMPS=()
  (($#)) || set -- all
  for c in "$@"; do
    case $c in
      all) COMPS+=(kafka mongo) ;;
      kafka) COMPS+=(kafka) ;;
      mongo|ferretdb) COMPS+=(mongo) ;;
      -*) usage_error "unknown option '$c'" ;;
      *) usage_error "unknown component '$c' (expected kafka, mongo or all)" ;;
    esac
  done
  # De-duplicate while keeping kafka first.
  local -a uniq=()
  for c in kafka mongo; do [[ " ${COMPS[*]} " == *" $c "* ]] && uniq+=("$c"); done
  COMPS=("${uniq[@]}")
}

main() {
  local cmd=${1:-} arg
  (($#)) && shift
  # Help wins wherever it is asked for (but kafka-run passes its class's options on as they are).
  if [[ $cmd != kafka-run ]]; then
    for arg in "$@"; do [[ $arg == -h || $arg == --help ]] && usage; done
  fi
  case $cmd in
    start|stop|status|build|reset)
      parse_comps "$@"
      "cmd_$cmd" "${COMPS[@]}"
      ;;
    logs) cmd_logs "$@" ;;
    kafka-run)
      [[ ${1:-} == -h || ${1:-} == --help ]] && usage
      cmd_kafka_run "$@"
      ;;
    -h|--help|help) usage ;;
    "") usage_error "no command (build, start, stop, status, logs, reset or kafka-run)" ;;
    *) usage_error "unknown command '$cmd' (expected build, start, stop, status, logs, reset or kafka-run)" ;;
  esac
}

main "$@"
