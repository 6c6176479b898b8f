package io.kpool.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Why a job was dead-lettered; {@link #wireName()} is what {@link DeadLetter#reason()} holds. */
public enum DeadLetterReason {
    /** The record value was null (a tombstone). */
    NULL_VALUE("null_value"),
    /** The value was larger than the dispatcher's limit. */
    TOO_LARGE("too_large"),
    /** The value was not valid JSON (binary garbage included). */
    NOT_JSON("not_json"),
    /** The value was JSON, but not an object. */
    NOT_AN_OBJECT("not_an_object"),
    /** The object had no {@code id}, or it was not a string. */
    MISSING_ID("missing_id"),
    /** The {@code id} was empty or only whitespace. */
    BLANK_ID("blank_id"),
    /** The {@code id} was longer than the limit. */
    ID_TOO_LONG("id_too_long"),
    /** The object had no {@code payload}. */
    MISSING_PAYLOAD("missing_payload"),
    /** The payload is not what the job's handler takes (e.g. a string for {@code double}). */
    WRONG_PAYLOAD("wrong_payload"),
    /** The job named a handler this pool does not have. */
    UNKNOWN_HANDLER("unknown_handler"),
    /** The job's {@code runAt} or {@code delay} is not a time it can run at. */
    INVALID_RUN_AT("invalid_run_at"),
    /** A job with this id was accepted within the dedupe window. */
    DUPLICATE_ID("duplicate_id"),
    /** The job crashed its worker as many times as a job may. */
    CRASHED_WORKER("crashed_worker"),
    /** The job was cancelled ({@code kpool cancel}, or a cancel request on the jobs topic) before it finished. */
    CANCELLED("cancelled");

    private final String wireName;

    DeadLetterReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name written on the wire, e.g. {@code not_json}. */
    public String wireName() {
        return wireName;
    }

    /** The reason whose wire name is {@code name} (exactly, as written on the wire), if there is one. */
    public static Optional<DeadLetterReason> ofWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    /** Every reason's wire name, in the order the reasons are declared. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(DeadLetterReason::wireName).toList();
    }
}
