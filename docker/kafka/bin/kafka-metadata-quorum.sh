#!/usr/bin/env bash
# kafka-metadata-quorum.sh: Kafka's org.apache.kafka.tools.MetadataQuorumCommand, on the image's jars.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.MetadataQuorumCommand "$@"
