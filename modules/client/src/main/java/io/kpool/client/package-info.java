/**
 * A client of a kpool pool, over nothing but its Kafka topics: {@link io.kpool.client.JobSubmitter}
 * writes jobs, {@link io.kpool.client.Outcomes} collects results and dead letters (read_committed),
 * {@link io.kpool.client.StatusReader} reads each slot's state and last heartbeat,
 * {@link io.kpool.client.EventFollower} follows the broadcast events.
 */
package io.kpool.client;
