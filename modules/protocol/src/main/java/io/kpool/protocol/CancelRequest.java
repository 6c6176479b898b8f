package io.kpool.protocol;

/**
 * A client's request to cancel a job, written to {@code <prefix>.jobs} keyed by the job's id, so
 * that it shares the job's partition and reaches the dispatcher after the job:
 * {@code {"cancel": "j1"}}.
 *
 * @param cancel the id of the job to cancel
 */
public record CancelRequest(String cancel) {
}
