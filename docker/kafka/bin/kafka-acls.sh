#!/usr/bin/env bash
# kafka-acls.sh: Kafka's org.apache.kafka.tools.AclCommand, on the image's jars.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.AclCommand "$@"
