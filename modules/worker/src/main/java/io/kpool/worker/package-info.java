/**
 * The worker role: one OS process per slot. It owns partition {@code slot} of
 * {@code <prefix>.tasks} (assigned, not subscribed), runs the {@link io.kpool.core.handler.JobHandler}
 * on each task and writes the result, the task's offset commit and any dead letter in one Kafka
 * transaction under {@code transactional.id = <prefix>-worker-<slot>}, so a new incarnation fences
 * the old one. It does not catch the handler's failure: the process dies, and its supervisor
 * restarts it.
 */
package io.kpool.worker;
