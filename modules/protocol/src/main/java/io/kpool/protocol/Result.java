package io.kpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one job, written to {@code <prefix>.results} keyed by the job id, in the same
 * Kafka transaction as the worker's commit of the task: read it with
 * {@code isolation.level=read_committed}.
 *
 * @param jobId       the job's id
 * @param output      what the handler returned
 * @param workerId    the slot whose worker ran the job
 * @param incarnation which incarnation of that worker ran it (1 for the first process)
 * @param attempt     the task's attempt number
 * @param submittedAt when the job reached {@code <prefix>.jobs} (epoch millis)
 * @param completedAt when the worker finished it (epoch millis)
 */
public record Result(String jobId, JsonNode output, int workerId, long incarnation, int attempt,
                     long submittedAt, long completedAt) {
}
