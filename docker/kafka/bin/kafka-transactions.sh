#!/usr/bin/env bash
# kafka-transactions.sh: Kafka's org.apache.kafka.tools.TransactionsCommand, on the image's jars.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.TransactionsCommand "$@"
