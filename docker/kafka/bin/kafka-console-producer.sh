#!/usr/bin/env bash
# kafka-console-producer.sh: Kafka's org.apache.kafka.tools.ConsoleProducer, on the image's jars.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.ConsoleProducer "$@"
