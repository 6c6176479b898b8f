/**
 * The wire contract of kpool: the topic names ({@link io.kpool.protocol.Topics}), the JSON records
 * that travel on each topic, and the one JSON codec ({@link io.kpool.protocol.Json}) that reads and
 * writes them. Nothing here knows about Kafka clients; any Kafka client that writes these JSON
 * shapes can talk to a kpool pool.
 */
package io.kpool.protocol;
