/**
 * The dispatcher role: reads {@code <prefix>.jobs} in a consumer group (several dispatchers share
 * the load), checks each job ({@link io.kpool.core.intake.JobIntake}), routes it to a live slot
 * with a {@link io.kpool.core.dispatch.DispatchStrategy}, and writes tasks, dead letters and its job
 * offsets in one Kafka transaction. It learns which slots live from {@code <prefix>.workers} and
 * {@code <prefix>.heartbeats}.
 */
package io.kpool.dispatcher;
