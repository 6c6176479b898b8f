#!/usr/bin/env bash
# kafka-console-consumer.sh: Kafka's org.apache.kafka.tools.consumer.ConsoleConsumer, on the image's jars.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
