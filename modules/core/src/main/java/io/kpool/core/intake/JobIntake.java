package io.kpool.core.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;

/**
 * Checks a record from {@code <prefix>.jobs}: it must be a JSON object no larger than the limit,
 * with a non-blank string {@code id} of bounded length and a {@code payload} (any JSON value,
 * {@code null} included). The record key is not consulted: the id inside the value is the job's id.
 */
public final class JobIntake {

    private final IntakeLimits limits;

    public JobIntake(IntakeLimits limits) {
        this.limits = limits;
    }

    /** Decides on one record value. */
    public Verdict check(byte[] value) {
        if (value == null) {
            return reject(DeadLetterReason.NULL_VALUE, "the record value is null (a tombstone), not a job", null);
        }
        if (value.length > limits.maxJobBytes()) {
            return reject(DeadLetterReason.TOO_LARGE, "the job is " + value.length
                    + " bytes, over the limit of " + limits.maxJobBytes() + " bytes", null);
        }
        JsonNode json;
        try {
            json = Json.tree(value);
        } catch (MalformedMessageException e) {
            return reject(DeadLetterReason.NOT_JSON, e.getMessage(), null);
        }
        if (!json.isObject()) {
            return reject(DeadLetterReason.NOT_AN_OBJECT,
                    "a job must be a JSON object {\"id\": ..., \"payload\": ...}, but was " + kind(json), null);
        }
        JsonNode id = json.get("id");
        if (id == null || id.isNull()) {
            return reject(DeadLetterReason.MISSING_ID, "the job has no \"id\"", null);
        }
        if (!id.isTextual()) {
            return reject(DeadLetterReason.MISSING_ID, "\"id\" must be a string, but was " + kind(id), null);
        }
        String jobId = id.textValue();
        if (jobId.isBlank()) {
            return reject(DeadLetterReason.BLANK_ID, "\"id\" cannot be blank", jobId);
        }
        if (jobId.length() > limits.maxIdLength()) {
            return reject(DeadLetterReason.ID_TOO_LONG, "\"id\" is " + jobId.length()
                    + " characters, over the limit of " + limits.maxIdLength(), null);
        }
        if (!json.has("payload")) {
            return reject(DeadLetterReason.MISSING_PAYLOAD, "the job has no \"payload\"", jobId);
        }
        return new Verdict.Accepted(new Job(jobId, json.get("payload")));
    }

    private static Verdict reject(DeadLetterReason reason, String detail, String jobId) {
        return new Verdict.Rejected(reason, detail, jobId);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL -> "null";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
