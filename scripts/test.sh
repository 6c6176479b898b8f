#!/usr/bin/env bash
# kpool's whole test suite: `mvn -B verify`, with the container tests (KafkaContainerIT,
# ComposeClusterIT) when a Docker engine can run here. It sets that up first with
# scripts/docker-local.sh (installs and starts an engine if none answers, builds the local
# stand-in images where no registry answers; both need root or sudo) and says plainly when it
# cannot, and why; the container tests then skip, and the rest runs. Likewise the browser test
# (DashboardIT) needs Debian's chromium and chromedriver: installed with apt-get when missing
# (root or sudo), else it skips and this says why.
#
#   scripts/test.sh                          everything
#   KPOOL_CONTAINER_TESTS=off scripts/test.sh   without the container tests (no Docker set-up)
#   KPOOL_BROWSER_TESTS=off scripts/test.sh     without installing a browser (DashboardIT skips if none)
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

# The browser test drives /usr/bin/chromium through /usr/bin/chromedriver (Debian's packages).
browser_ready() { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1; fi
}
if browser_ready; then
  echo "browser test: will run, on $(/usr/bin/chromium --version 2>/dev/null | head -1)"
elif [ "${KPOOL_BROWSER_TESTS:-auto}" = off ]; then
  echo "browser test: skipped: KPOOL_BROWSER_TESTS=off and no chromium/chromedriver here"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "browser test: skipped: no /usr/bin/chromium or /usr/bin/chromedriver, and no apt-get to install them"
else
  started=$SECONDS
  log="${TMPDIR:-/tmp}/kpool-test-browser-install.log"
  if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >>"$log" 2>&1 \
      && browser_ready; then
    echo "browser test: will run, on $(/usr/bin/chromium --version 2>/dev/null | head -1)" \
         "(installed chromium and chromium-driver in $((SECONDS - started)) s)"
  else
    echo "browser test: skipped: could not install chromium and chromium-driver with apt-get" \
         "(needs root or password-less sudo, and Debian's package archive; see $log); the other tests run"
  fi
fi

mvn -B verify "$@"
