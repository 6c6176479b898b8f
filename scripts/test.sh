#!/usr/bin/env bash
# kpool's whole test suite: `mvn -B verify`, with the container tests (KafkaContainerIT,
# ComposeClusterIT) when a Docker engine can run here. It sets that up first with
# scripts/docker-local.sh (installs and starts an engine if none answers, builds the local
# stand-in images where no registry answers; both need root or sudo) and says plainly when it
# cannot, and why; the container tests then skip, and the rest runs.
#
#   scripts/test.sh                          everything
#   KPOOL_CONTAINER_TESTS=off scripts/test.sh   without the container tests (no Docker set-up)
#   scripts/test.sh -Dit.test=ComposeClusterIT  extra arguments go to Maven
#
# A dockerd this script started is stopped again at the end (images stay, for the next run).
set -euo pipefail
cd "$(dirname "$0")/.."

stop_engine=no
finish() {
  if [ "$stop_engine" = yes ]; then
    scripts/docker-local.sh stop || true
  fi
}
trap finish EXIT

if [ "${KPOOL_CONTAINER_TESTS:-auto}" = off ]; then
  echo "container tests: skipped: KPOOL_CONTAINER_TESTS=off"
else
  answered=no
  timeout 10 docker info >/dev/null 2>&1 && answered=yes
  started=$SECONDS
  if scripts/docker-local.sh; then
    [ "$answered" = no ] && stop_engine=yes
    # shellcheck disable=SC2046
    export $(scripts/docker-local.sh env)
    echo "container tests: will run, on Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null)" \
         "with $KPOOL_KAFKA_IMAGE (set-up took $((SECONDS - started)) s)"
  else
    [ "$answered" = no ] && stop_engine=yes
    echo "container tests: skipped: scripts/docker-local.sh could not provide a Docker engine and the images" \
         "(its messages are above); the other tests run"
  fi
fi

mvn -B verify "$@"
