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
import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a record from {@code <prefix>.jobs}: it must be a JSON object no larger than the limit,
 * with a non-blank string {@code id} of bounded length and a {@code payload}; an optional
 * {@code handler} must name a handler this pool has, and the payload must be of the shape that
 * handler takes. The record key is not consulted: the id inside the value is the job's id. A job
 * may carry when to run: {@code runAt} (epoch millis) or {@code delay} (after its record
 * timestamp), at most {@link #MAX_AHEAD} ahead. An object with a {@code cancel} field is a cancel
 * request instead, {@code {"cancel": "<job id>"}}: its id is held to the same rules as a job's.
 */
public final class JobIntake {

    /** How far after its submission a job may be scheduled: further is taken for a mistake of units. */
    public static final Duration MAX_AHEAD = Duration.ofDays(365);

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
        HandlerDefinition fallback = catalog.defaultHandler("handler", defaultHandler);
        Optional<PayloadCheck> fallbackCheck = Optional.of(fallback::refuse);
        return new JobIntake(limits, defaultHandler, name -> name.equals(defaultHandler) ? fallbackCheck
                : catalog.find(name).map(definition -> (PayloadCheck) definition::refuse), true);
    }

    /** Intake for the built-in and class-path handlers. */
    public static JobIntake of(IntakeLimits limits, String defaultHandler) {
        return new JobIntake(limits, defaultHandler, JobHandlers::find);
    }

    /**
     * Decides on one record value.
     *
     * @param submittedAt the record's timestamp (epoch millis): a {@code delay} counts from it
     */
    public Verdict check(byte[] value, long submittedAt) {
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
        Job job = new Job(jobId, payload, named == null || named.isNull() ? null : handlerName,
                attempt != null && attempt.canConvertToInt() && attempt.intValue() > 1 ? attempt.intValue() : null,
                replayOf(json.get("replayOf")));
        When when = when(json, submittedAt);
        if (when.refused() != null) {
            return reject(DeadLetterReason.INVALID_RUN_AT, when.refused(), jobId);
        }
        return new Verdict.Accepted(when.runAt() == null ? job : job.at(when.runAt()));
    }

    /** When a job is to run: {@code runAt} (null for at once), or what is wrong with the time it gave. */
    private record When(Long runAt, String refused) {
        static final When NOW = new When(null, null);

        static When refused(String why) {
            return new When(null, why);
        }
    }

    private static When when(JsonNode json, long submittedAt) {
        JsonNode runAt = json.get("runAt");
        JsonNode delay = json.get("delay");
        boolean hasRunAt = runAt != null && !runAt.isNull();
        boolean hasDelay = delay != null && !delay.isNull();
        if (hasRunAt && hasDelay) {
            return When.refused("a job may carry \"runAt\" or \"delay\", not both");
        }
        long at;
        if (hasRunAt) {
            if (!runAt.isIntegralNumber() || !runAt.canConvertToLong() || runAt.longValue() < 0) {
                return When.refused("\"runAt\" must be a time in epoch milliseconds (a whole number, 0 or more), but was "
                        + runAt);
            }
            at = runAt.longValue();
        } else if (hasDelay) {
            Duration d;
            if (delay.isIntegralNumber() && delay.canConvertToLong()) {
                d = Duration.ofMillis(delay.longValue());
            } else if (delay.isTextual()) {
                try {
                    d = Durations.parse("\"delay\"", delay.textValue());
                } catch (ConfigException e) {
                    return When.refused(e.getMessage());
                }
            } else {
                return When.refused("\"delay\" must be a duration such as \"30s\" or a number of milliseconds, but was "
                        + delay);
            }
            if (d.isNegative()) {
                return When.refused("\"delay\" cannot be negative, but was " + delay);
            }
            if (d.compareTo(MAX_AHEAD) > 0) {
                return When.refused("\"delay\" is " + delay + ", more than " + MAX_AHEAD.toDays() + " days");
            }
            at = submittedAt + d.toMillis();
        } else {
            return When.NOW;
        }
        if (at - submittedAt > MAX_AHEAD.toMillis()) {
            return When.refused("\"runAt\" " + at + " (" + Instant.ofEpochMilli(at) + ") is more than "
                    + MAX_AHEAD.toDays() + " days after the job was submitted (" + Instant.ofEpochMilli(submittedAt)
                    + "): epoch milliseconds were meant?");
        }
        return new When(at, null);
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
