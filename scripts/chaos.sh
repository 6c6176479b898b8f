#!/usr/bin/env bash
# The chaos run, longer than the one in the test suite: JOBS jobs (default 200,000) fed over
# SECONDS (default 300) through `kpool up` on a broker of its own, while a random worker is
# SIGKILLed about every second, the dispatcher and the supervisor are each SIGKILLed once and the
# broker is stopped and started again on the same data once. Then the audit: every good job exactly
# one correct result, every poison job exactly one dead letter, nothing lost, nothing doubled.
#   scripts/chaos.sh [JOBS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-200000}"
seconds="${2:-300}"
mvn -B -q -DskipTests install
mvn -B verify -pl modules/integration-tests -Dit.test=ChaosIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.jobs="$jobs" -Dchaos.seconds="$seconds"
grep -h "ChaosIT - chaos" modules/integration-tests/target/failsafe-reports/io.kpool.it.ChaosIT-output.txt
