package io.kpool.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;

/**
 * A record of {@code <prefix>.jobs} as kpool's client reads it ({@code kpool audit}, {@code kpool
 * replay}, and {@code kpool submit --file} telling which lines are jobs whose outcome to wait for):
 * only what matching outcomes needs, without the dispatcher's limits (id length, size, handler).
 *
 * @param id       the job's id: the value is a JSON object with a non-blank string {@code id} and a
 *                 {@code payload} field (which may be {@code null}); null for anything else (malformed)
 * @param retry    whether kpool wrote the job again ({@code attempt} above 1, as the dispatcher reads it):
 *                 moved off a slot that gave up, or replayed
 * @param replayOf the dead letter a replay re-submits, when the record is one ({@code replayOf} with a
 *                 string {@code topic} and whole-number {@code partition} and {@code offset})
 * @param cancel   whether the record is a cancel request, {@code {"cancel": "<job id>"}} with a
 *                 non-blank string: not a job, and it needs no outcome
 */
public record JobsRecord(String id, boolean retry, Job.Replay replayOf, boolean cancel) {

    private static final JobsRecord MALFORMED = new JobsRecord(null, false, null, false);
    private static final JobsRecord CANCEL = new JobsRecord(null, false, null, true);

    /** Reads a jobs record's value; {@code value} may be null (a tombstone) or anything at all. */
    public static JobsRecord of(byte[] value) {
        if (value == null) {
            return MALFORMED;
        }
        JsonNode json;
        try {
            json = Json.tree(value);
        } catch (MalformedMessageException e) {
            return MALFORMED;
        }
        return of(json);
    }

    /** Reads a jobs record's value, already parsed. */
    static JobsRecord of(JsonNode json) {
        if (json.isObject() && json.has("cancel")) {
            JsonNode cancel = json.get("cancel");
            return cancel.isTextual() && !cancel.textValue().isBlank() ? CANCEL : MALFORMED;
        }
        if (!json.isObject() || !json.has("payload")) {
            return MALFORMED;
        }
        JsonNode id = json.get("id");
        if (id == null || !id.isTextual() || id.textValue().isBlank()) {
            return MALFORMED;
        }
        JsonNode attempt = json.get("attempt");
        boolean retry = attempt != null && attempt.canConvertToInt() && attempt.intValue() > 1;
        return new JobsRecord(id.textValue(), retry, retry ? replayOf(json.get("replayOf")) : null, false);
    }

    /** Whether the record is a job (not malformed). */
    public boolean isJob() {
        return id != null;
    }

    private static Job.Replay replayOf(JsonNode ref) {
        if (ref == null || !ref.isObject()) {
            return null;
        }
        JsonNode topic = ref.get("topic");
        JsonNode partition = ref.get("partition");
        JsonNode offset = ref.get("offset");
        if (topic == null || !topic.isTextual() || partition == null || !partition.canConvertToInt()
                || !partition.isIntegralNumber() || offset == null || !offset.isIntegralNumber()
                || !offset.canConvertToLong()) {
            return null;
        }
        return new Job.Replay(topic.textValue(), partition.intValue(), offset.longValue());
    }
}
