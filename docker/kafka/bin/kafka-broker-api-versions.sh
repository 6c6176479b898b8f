#!/usr/bin/env bash
# kafka-broker-api-versions.sh: Kafka's org.apache.kafka.tools.BrokerApiVersionsCommand, on the image's jars.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
