#!/usr/bin/env bash
# kafka-consumer-groups.sh: Kafka's org.apache.kafka.tools.consumer.group.ConsumerGroupCommand, on the image's jars.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"
