package io.kpool.core.intake;

import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.Job;

/** What intake decided about one record. */
public sealed interface Verdict {

    /** The record is a job that can be dispatched. */
    record Accepted(Job job) implements Verdict {
    }

    /**
     * The record cannot be run.
     *
     * @param reason why
     * @param detail the specifics, for a person
     * @param jobId  the job id, when one could be read
     */
    record Rejected(DeadLetterReason reason, String detail, String jobId) implements Verdict {
    }

    /**
     * The record asks to cancel a job: {@code {"cancel": "<job id>"}}.
     *
     * @param jobId the id of the job to cancel
     */
    record CancelRequested(String jobId) implements Verdict {
    }
}
