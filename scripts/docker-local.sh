#!/usr/bin/env bash
# Docker for kpool on a machine that reaches no image registry (but does reach Debian's packages
# and Maven Central): an engine, and local stand-ins for the images kpool's Dockerfile,
# docker-compose.yml and tests name. A machine with a registry needs none of this.
#
#   scripts/docker-local.sh          make sure an engine answers and every stand-in image exists
#                                    (builds only what is missing or out of date)
#   scripts/docker-local.sh env      the NAME=value lines that point compose and the tests at them (and
#                                    keep Testcontainers from pulling its helper images):
#                                      export $(scripts/docker-local.sh env); docker-compose up --build -d
#   scripts/docker-local.sh engine   only make sure an engine answers (install, start)
#   scripts/docker-local.sh status   what answers, what is built
#   scripts/docker-local.sh stop     stop the dockerd this script started (no other)
#
# The stand-ins have names of their own, never an official image's:
#   kpool-local/debian:bookworm  Debian from debootstrap, trusting the CA certificates this machine trusts
#   kpool-local/jre:17           + Debian's OpenJDK 17 JRE          (for eclipse-temurin:17-jre)
#   kpool-local/maven:3-jdk17    + OpenJDK 17 JDK and Maven         (for maven:3.9-eclipse-temurin-17)
#   kpool-local/kafka:<version>  Kafka from its Maven Central jars  (for apache/kafka:<version>; docker/kafka)
# Each carries a label with the hash of what it was built from, and is rebuilt when that changes.
#
# Needs root (or sudo) to install packages and start dockerd. The dockerd it starts keeps its PID
# in $KPOOL_DOCKER_STATE (default /var/tmp/kpool-docker) and its log beside it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${KPOOL_DOCKER_STATE:-/var/tmp/kpool-docker}"
pidfile="$state/dockerd.pid"
# The containers' Kafka (pom.xml's kafka.image.version), not the clients' (kafka.version).
kafka_version="$(sed -n 's:.*<kafka.image.version>\(.*\)</kafka.image.version>.*:\1:p' "$here/pom.xml" | head -n 1)"
mirror="${KPOOL_DEBIAN_MIRROR:-}"

DEBIAN_IMAGE=kpool-local/debian:bookworm
JRE_IMAGE=kpool-local/jre:17
MAVEN_IMAGE=kpool-local/maven:3-jdk17
KAFKA_IMAGE="kpool-local/kafka:$kafka_version"
LABEL=io.kpool.local.inputs

say() { printf 'docker-local: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "needs root to run: $* (run as root, or install sudo)"; fi
}

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (Debian's packages)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
}

# The PID in our pid file, when it is a live dockerd.
our_dockerd() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q '^dockerd' \
    && printf '%s' "$pid"
}

ensure_engine() {
  if engine_answers; then
    return 0
  fi
  install_packages
  as_root mkdir -p "$state"
  if our_dockerd >/dev/null; then
    say "dockerd $(our_dockerd) is running but does not answer yet"
  else
    say "starting dockerd (log: $state/dockerd.log)"
    # setsid: the engine outlives this script and the shell that ran it; its PID is recorded so
    # that `stop` ends this one and no other.
    as_root setsid dockerd >> "$state/dockerd.log" 2>&1 < /dev/null &
    local launcher=$!
    # With sudo, $! is sudo's PID; the engine's is the dockerd child.
    local pid="$launcher"
    for _ in $(seq 1 50); do
      local child
      child="$(pgrep -P "$launcher" -x dockerd 2>/dev/null | head -n 1 || true)"
      if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q '^dockerd'; then break; fi
      if [ -n "$child" ]; then pid="$child"; break; fi
      sleep 0.1
    done
    echo "$pid" | as_root tee "$pidfile" >/dev/null
  fi
  for _ in $(seq 1 60); do
    engine_answers && { say "dockerd answers (pid $(our_dockerd || echo '?'))"; return 0; }
    our_dockerd >/dev/null || die "dockerd exited; see $state/dockerd.log"
    sleep 1
  done
  die "dockerd did not answer within 60 s; see $state/dockerd.log"
}

stop_engine() {
  local pid
  if ! pid="$(our_dockerd)"; then
    say "no dockerd started by this script is running"
    return 0
  fi
  say "stopping dockerd $pid"
  as_root kill -TERM "$pid"
  for _ in $(seq 1 30); do
    [ -d "/proc/$pid" ] || { as_root rm -f "$pidfile"; say "stopped"; return 0; }
    sleep 1
  done
  die "dockerd $pid did not stop within 30 s"
}

# A hash of the files an image is built from (and of its base image's id).
inputs_of() { (cat "$@"; printf '%s' "${BASE_ID:-}") | sha256sum | cut -c1-16; }

current() { # IMAGE HASH: the image exists and was built from these inputs
  [ "$(docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null)" = "$2" ]
}

image_id() { docker image inspect --format '{{.Id}}' "$1"; }

debian_mirror() {
  if [ -n "$mirror" ]; then printf '%s' "$mirror"; return; fi
  local found
  found="$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
  [ -n "$found" ] || found="$(sed -n 's/^deb  *\(http[^ ]*debian\)  *bookworm.*/\1/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)"
  printf '%s' "${found:-http://deb.debian.org/debian}"
}

build_debian() {
  local cas=(/usr/local/share/ca-certificates/*.crt)
  [ -e "${cas[0]}" ] || cas=()
  local hash
  # What the base is made of: the recipe below (change its words when it changes) and the CAs.
  hash="$(BASE_ID="debootstrap minbase bookworm, host CAs" inputs_of "${cas[@]}" <<< "")"
  if current "$DEBIAN_IMAGE" "$hash"; then return 0; fi
  local root="$state/rootfs"
  say "making $DEBIAN_IMAGE with debootstrap from $(debian_mirror) (about a minute)"
  as_root rm -rf "$root"
  as_root debootstrap --variant=minbase bookworm "$root" "$(debian_mirror)" > "$state/debootstrap.log" 2>&1 \
    || die "debootstrap failed; see $state/debootstrap.log"
  # The certificates this machine adds to its trust store (a TLS-inspecting proxy's CA, a company
  # CA) go into the base too: builds on it then reach Maven Central as this machine does.
  if [ ${#cas[@]} -gt 0 ]; then
    as_root mkdir -p "$root/usr/local/share/ca-certificates"
    as_root cp "${cas[@]}" "$root/usr/local/share/ca-certificates/"
  fi
  as_root rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
  as_root tar -C "$root" -c . | docker import --change "LABEL $LABEL=$hash" - "$DEBIAN_IMAGE" >/dev/null
  as_root rm -rf "$root"
}

build_image() { # IMAGE DOCKERFILE CONTEXT [--build-arg ...]
  local image="$1" dockerfile="$2" context="$3"
  shift 3
  local hash
  hash="$(inputs_of "$dockerfile" $(find "$context" -type f -not -path '*/target/*' | sort) <<< "")"
  if current "$image" "$hash"; then return 0; fi
  say "building $image"
  local started=$SECONDS old
  old="$(image_id "$image" 2>/dev/null || true)"
  DOCKER_BUILDKIT=0 docker build --label "$LABEL=$hash" -t "$image" -f "$dockerfile" "$@" "$context" \
    > "$state/build-${image//[\/:]/-}.log" 2>&1 \
    || die "building $image failed; see $state/build-${image//[\/:]/-}.log"
  say "built $image in $((SECONDS - started)) s"
  # The image it replaces, now untagged, unless something still uses it.
  [ -n "$old" ] && [ "$old" != "$(image_id "$image")" ] && docker rmi "$old" >/dev/null 2>&1 || true
}

build_all() {
  mkdir -p "$state" 2>/dev/null || as_root mkdir -p "$state"
  build_debian
  BASE_ID="$(image_id "$DEBIAN_IMAGE")" build_image "$JRE_IMAGE" "$here/docker/local/jre.Dockerfile" "$here/docker/local" \
    --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
  BASE_ID="$(image_id "$DEBIAN_IMAGE")" build_image "$MAVEN_IMAGE" "$here/docker/local/maven.Dockerfile" "$here/docker/local" \
    --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
  # The untagged build stages of kpool's image that earlier builds left (its Dockerfile labels
  # them), but for the last day's, which are the cache of the next build.
  docker image prune -f --filter label=io.kpool.stage=build --filter until=24h >/dev/null 2>&1 || true
  BASE_ID="$(image_id "$MAVEN_IMAGE")$(image_id "$JRE_IMAGE")" build_image "$KAFKA_IMAGE" \
    "$here/docker/kafka/Dockerfile" "$here/docker/kafka" \
    --build-arg "BUILD_IMAGE=$MAVEN_IMAGE" --build-arg "RUNTIME_IMAGE=$JRE_IMAGE" --build-arg "KAFKA_VERSION=$kafka_version"
}

print_env() {
  local image
  for image in "$JRE_IMAGE" "$MAVEN_IMAGE" "$KAFKA_IMAGE"; do
    docker image inspect "$image" >/dev/null 2>&1 || die "$image is not built: run scripts/docker-local.sh first"
  done
  cat <<EOF
KPOOL_BUILD_IMAGE=$MAVEN_IMAGE
KPOOL_RUNTIME_IMAGE=$JRE_IMAGE
KPOOL_KAFKA_IMAGE=$KAFKA_IMAGE
TESTCONTAINERS_RYUK_DISABLED=true
EOF
  # Testcontainers takes a machine with /.dockerenv for a container and starts a helper container
  # (an image from a registry) to find the engine's address: on a local engine it is localhost.
  if [ -z "${DOCKER_HOST:-}" ]; then
    echo "TESTCONTAINERS_HOST_OVERRIDE=localhost"
  fi
}

status() {
  if engine_answers; then
    echo "engine:  answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))$(our_dockerd >/dev/null && echo ", dockerd $(our_dockerd) started by this script")"
  else
    echo "engine:  none answers"
    return 0
  fi
  local image
  for image in "$DEBIAN_IMAGE" "$JRE_IMAGE" "$MAVEN_IMAGE" "$KAFKA_IMAGE"; do
    if docker image inspect "$image" >/dev/null 2>&1; then echo "image:   $image"; else echo "missing: $image"; fi
  done
}

case "${1:-build}" in
  build) ensure_engine; build_all; say "ready: export \$(scripts/docker-local.sh env) points docker-compose and the tests at these images" ;;
  env) print_env ;;
  engine) ensure_engine ;;
  status) status ;;
  stop) stop_engine ;;
  -h|--help|help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (build, env, engine, status, stop; --help)" ;;
esac
