/**
 * What every kpool role needs from Kafka: client settings that keep the wire contract
 * ({@link io.kpool.transport.KafkaSettings}: read_committed readers, idempotent and transactional
 * writers) and the topics themselves ({@link io.kpool.transport.TopicAdmin}: created with their
 * partitions, retention and compaction, and waited for until every partition takes writes).
 */
package io.kpool.transport;
