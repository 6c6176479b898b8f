package io.kpool.core.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.handler.HandlerDefinition;
import io.kpool.core.handler.JobHandler;
import io.kpool.core.handler.JobHandlers;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a record from {@code <prefix>.jobs}: it must be a JSON object no larger than the limit,
 * with a non-blank string {@code id} of bounded length and a {@code payload}; an optional
 * {@code handler} must name a handler this pool has, and the payload must be of the shape that
 * handler takes. The record key is not consulted: the id inside the value is the job's id.
 * An object with a {@code cancel} field is a cancel request instead, {@code {"cancel": "<job id>"}}:
 * its id is held to the same rules as a job's.
 */
public final class JobIntake {

    /** The field that makes a record on the jobs topic a cancel request. */
    public static final String CANCEL = "cancel";

    private final IntakeLimits limits;
    private final String defaultHandler;
    private final Function<String, Optional<PayloadCheck>> handlers;

    /** A handler's check of a payload's shape: what is wrong with it, or empty. */
    @FunctionalInterface
    private interface PayloadCheck {
        Optional<String> refuse(JsonNode payload);
    }

    /**
     * @param defaultHandler the handler of jobs that name none
     * @param handlers       finds a handler by name
     */
    public JobIntake(IntakeLimits limits, String defaultHandler, Function<String, Optional<JobHandler>> handlers) {
        this(limits, defaultHandler, handlers.andThen(h -> h.map(handler -> (PayloadCheck) handler::refuse)), true);
    }

    private JobIntake(IntakeLimits limits, String defaultHandler, Function<String, Optional<PayloadCheck>> checks,
                      boolean unused) {
        this.limits = limits;
        this.defaultHandler = defaultHandler;
        this.handlers = checks;
    }

    /**
     * Intake for a pool whose handlers are a catalog's: the default handler (which may be a process
     * handler, {@code exec:...}, whose payloads may be any JSON) and the named ones.
     *
     * @throws io.kpool.core.config.ConfigException when the default handler names none
     */
    public static JobIntake of(IntakeLimits limits, String defaultHandler, HandlerCatalog catalog) {
        HandlerDefinition fallback = catalog.defaultHandler("--handler", defaultHandler);
        Optional<PayloadCheck> fallbackCheck = Optional.of(fallback::refuse);
        return new JobIntake(limits, defaultHandler, name -> name.equals(defaultHandler) ? fallbackCheck
                : catalog.find(name).map(definition -> (PayloadCheck) definition::refuse), true);
    }

    /** Intake for the built-in and class-path handlers. */
    public static JobIntake of(IntakeLimits limits, String defaultHandler) {
        return new JobIntake(limits, defaultHandler, JobHandlers::find);
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
        if (json.has(CANCEL)) {
            return cancel(json.get(CANCEL));
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
        JsonNode named = json.get("handler");
        if (named != null && !named.isNull() && !named.isTextual()) {
            return reject(DeadLetterReason.UNKNOWN_HANDLER, "\"handler\" must be a string, but was " + kind(named),
                    jobId);
        }
        String handlerName = named == null || named.isNull() ? defaultHandler : named.textValue();
        Optional<PayloadCheck> handler = handlers.apply(handlerName);
        if (handler.isEmpty()) {
            return reject(DeadLetterReason.UNKNOWN_HANDLER, "no handler named '" + handlerName + "' in this pool",
                    jobId);
        }
        JsonNode payload = json.get("payload");
        Optional<String> refused = handler.get().refuse(payload);
        if (refused.isPresent()) {
            return reject(DeadLetterReason.WRONG_PAYLOAD, refused.get(), jobId);
        }
        JsonNode attempt = json.get("attempt");
        return new Verdict.Accepted(new Job(jobId, payload, named == null || named.isNull() ? null : handlerName,
                attempt != null && attempt.canConvertToInt() && attempt.intValue() > 1 ? attempt.intValue() : null,
                replayOf(json.get("replayOf"))));
    }

    /** Where a replayed job's dead letter is, when the job is a replay. */
    private static Job.Replay replayOf(JsonNode replay) {
        if (replay == null || !replay.isObject()) {
            return null;
        }
        return new Job.Replay(replay.path("topic").asText(null), replay.path("partition").asInt(-1),
                replay.path("offset").asLong(-1));
    }

    private Verdict cancel(JsonNode id) {
        if (id == null || id.isNull() || !id.isTextual()) {
            return reject(DeadLetterReason.MISSING_ID, "\"cancel\" must name a job by its id, a string, but was "
                    + (id == null ? "null" : kind(id)), null);
        }
        String jobId = id.textValue();
        if (jobId.isBlank()) {
            return reject(DeadLetterReason.BLANK_ID, "\"cancel\" cannot be blank", jobId);
        }
        if (jobId.length() > limits.maxIdLength()) {
            return reject(DeadLetterReason.ID_TOO_LONG, "\"cancel\" is " + jobId.length()
                    + " characters, over the limit of " + limits.maxIdLength(), null);
        }
        return new Verdict.CancelRequested(jobId);
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
