package io.kpool.dashboard.view;

import io.kpool.protocol.DeadLetter;

/**
 * One dead letter, as the page lists it.
 *
 * @param seq      its number in this dashboard (1, 2, ...)
 * @param at       when it was dead-lettered (epoch millis)
 * @param jobId    the job, when known
 * @param reason   the reason's wire name, e.g. {@code crashed_worker}
 * @param detail   the specifics
 * @param raw      the start of the original value (at most {@link PoolView#RAW_SHOWN} characters)
 * @param origin   where it was read from: {@code topic-partition@offset}
 * @param evidence for a job that crashed its worker: each crash, with the last lines the worker wrote
 */
public record DeadLetterLine(long seq, long at, String jobId, String reason, String detail, String raw, String origin,
                             DeadLetter.Evidence evidence) {
}
