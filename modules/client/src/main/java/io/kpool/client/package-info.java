/**
 * A client of a kpool pool, over nothing but its Kafka topics: {@link io.kpool.client.JobSubmitter}
 * writes jobs, {@link io.kpool.client.Outcomes} collects results and dead letters (read_committed),
 * {@link io.kpool.client.StatusReader} reads each slot's state and last heartbeat and
 * {@link io.kpool.client.PoolHealth} judges them, {@link io.kpool.client.EventFollower} follows the
 * broadcast events.
 *
 * <p>For the operator, each reading its topics to the end offsets of the moment it starts
 * ({@link io.kpool.client.TopicSnapshot}): {@link io.kpool.client.Audit} checks that every job has
 * exactly one outcome (the rules are {@link io.kpool.client.AuditBook}'s),
 * {@link io.kpool.client.DeadLetterReader} lists the dead letters, and
 * {@link io.kpool.client.Replayer} re-submits chosen ones as new attempts (the rules are
 * {@link io.kpool.client.ReplayPlan}'s). The decisions are pure classes, tested without Kafka.
 */
package io.kpool.client;
