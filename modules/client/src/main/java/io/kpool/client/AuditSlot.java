package io.kpool.client;

/** One position on the jobs topic: the record read there, and the dead letters pointing at it. */
final class AuditSlot {
    boolean seen;
    /** The job's id; null for a malformed record (or one not read). */
    String id;
    /** Whether the record is a retry of its id's job (attempt above 1). */
    boolean retry;
    /** Whether it is a delayed job still held for its time (its record on the delayed topic not yet ended). */
    boolean waiting;
    /** Whether the record is a cancel request ({@code {"cancel": "<job id>"}}): it needs no outcome. */
    boolean cancel;
    int letters;
    /** The reason of the first dead letter pointing here. */
    String reason;
}
