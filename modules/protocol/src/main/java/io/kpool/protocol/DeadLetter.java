package io.kpool.protocol;

import java.util.List;

/**
 * A job kpool will not run, written to {@code <prefix>.dead-letters} keyed by the job id when one is
 * known. The raw input is kept so nothing is lost: {@code raw} holds the original value as text when
 * it was valid UTF-8 ({@code rawEncoding = "utf8"}), else as Base64 ({@code "base64"}); both are
 * absent for a null value (a tombstone).
 *
 * @param jobId       the job's id, when it could be read
 * @param reason      why, one of {@link DeadLetterReason}'s wire names
 * @param detail      the specifics, written for a person
 * @param raw         the original record value
 * @param rawEncoding {@code utf8} or {@code base64}
 * @param origin      where the job was read from
 * @param at          when it was dead-lettered (epoch millis)
 * @param evidence    for a job that crashed its worker: the crashes it caused
 */
public record DeadLetter(String jobId, String reason, String detail, String raw, String rawEncoding,
                         Origin origin, long at, Evidence evidence) {

    /** Where the dead-lettered record was read from. */
    public record Origin(String topic, int partition, long offset) {
    }

    /**
     * What a job did to the worker that ran it.
     *
     * @param workerId the slot
     * @param crashes  each crash the job caused, oldest first
     */
    public record Evidence(int workerId, List<Crash> crashes) {
    }

    /**
     * One crash of a worker process while it ran the job.
     *
     * @param incarnation the worker incarnation that crashed
     * @param pid         its process id
     * @param exitCode    its exit status, when it exited
     * @param signal      the signal that ended it (e.g. {@code KILL}), when a signal did
     * @param at          when the crash was noticed (epoch millis)
     * @param stderrTail  the last lines the worker wrote to its standard error
     */
    public record Crash(long incarnation, long pid, Integer exitCode, String signal, long at,
                        List<String> stderrTail) {
    }
}
