package io.kpool.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what {@code kpool replay} writes: takes in a pool's dead letters and the replays already on
 * its jobs topic, in any order, and answers a {@link ReplayDecision} for each dead letter a selection
 * takes. Pure (no Kafka), owned by one thread; {@link Replayer} feeds it from Kafka and writes.
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>A replay is the dead-lettered job written to the jobs topic again, keyed by its id, as a later
 *       attempt ({@code attempt} one above the dead-lettered one's, at least 2, so the dispatcher does
 *       not turn it away as a duplicate id) that names the dead letter it replays ({@code replayOf}: its
 *       topic, partition and offset). The audit then counts the replay's outcome instead of that dead
 *       letter, so the job still has exactly one.</li>
 *   <li>The job is read from the dead letter's {@code raw} value: a job record (a JSON object with a
 *       non-blank string {@code id}, a {@code payload} and, optionally, a string {@code handler}), or,
 *       for a dead letter a worker wrote ({@code crashed_worker}), the task it was running. Its id,
 *       payload and handler are replayed as they are; nothing else of the record is kept.</li>
 *   <li>A dead letter a replay on the jobs topic names already is not replayed again (its outcome is
 *       that replay's; if that replay ended in a dead letter, that newer one is the one to replay).</li>
 *   <li>Not replayable: a {@code duplicate_id} (the job ran under its first record; replaying it would
 *       run it twice), a value that is not a job as it stands (not JSON, not an object, no id, no
 *       payload, a tombstone), and a second dead letter of a job already replayed in the same run.</li>
 * </ul>
 */
public final class ReplayPlan {

    private final Topics topics;
    private final List<DeadLetterRecord> letters = new ArrayList<>();
    /** The replays read on the jobs topic, by the position of the dead letter each names. */
    private final Map<String, String> replayedAt = new HashMap<>();

    public ReplayPlan(Topics topics) {
        this.topics = topics;
    }

    /** A dead letter read from the dead-letters topic, in that topic's order. */
    public void letter(DeadLetterRecord letter) {
        letters.add(letter);
    }

    /** A record of the jobs topic; only replays are kept. */
    public void jobRecord(int partition, long offset, byte[] value) {
        Job.Replay of = JobsRecord.of(value).replayOf();
        if (of != null) {
            replayedAt.putIfAbsent(of.topic() + "-" + of.partition() + "@" + of.offset(),
                    topics.jobs() + "-" + partition + "@" + offset);
        }
    }

    /** What to do with each dead letter the selection takes, in the order they were read. */
    public List<ReplayDecision> decide(DeadLetterSelection selection) {
        List<ReplayDecision> decisions = new ArrayList<>();
        Map<String, String> replayedNow = new HashMap<>();
        for (DeadLetterRecord record : letters) {
            if (!selection.test(record.letter())) {
                continue;
            }
            ReplayDecision decision = decide(record);
            if (decision.action() == ReplayDecision.Action.REPLAY) {
                String earlier = replayedNow.putIfAbsent(decision.job().id(), record.position());
                if (earlier != null) {
                    decision = refuse(record, "job '" + decision.job().id() + "' is replayed from " + earlier
                            + " in this run already; one replay per job");
                }
            }
            decisions.add(decision);
        }
        return decisions;
    }

    private ReplayDecision decide(DeadLetterRecord record) {
        String replay = replayedAt.get(record.position());
        if (replay != null) {
            return new ReplayDecision(record, ReplayDecision.Action.ALREADY_REPLAYED, null,
                    "already replayed as " + replay);
        }
        DeadLetter letter = record.letter();
        if (DeadLetterReason.DUPLICATE_ID.wireName().equals(letter.reason())) {
            return refuse(record, "a re-submission of job '" + letter.jobId() + "', which ran under its first record: "
                    + "replaying it would run the job twice (submit it under a new id to run it again)");
        }
        if (letter.raw() == null) {
            return refuse(record, "no raw value to replay (the record was a tombstone)");
        }
        byte[] raw;
        if ("base64".equals(letter.rawEncoding())) {
            try {
                raw = Base64.getDecoder().decode(letter.raw());
            } catch (IllegalArgumentException e) {
                return refuse(record, "its raw value is not the Base64 its rawEncoding says");
            }
        } else {
            raw = letter.raw().getBytes(StandardCharsets.UTF_8);
        }
        JsonNode json;
        try {
            json = Json.tree(raw);
        } catch (MalformedMessageException e) {
            return refuse(record, "malformed: cannot be replayed as it is: its raw value is not JSON");
        }
        boolean fromTask = letter.origin() != null && topics.tasks().equals(letter.origin().topic());
        return fromTask ? fromTask(record, json) : fromJob(record, json);
    }

    /** A job a worker dead-lettered: its raw value is the task it was running. */
    private ReplayDecision fromTask(DeadLetterRecord record, JsonNode json) {
        Task task;
        try {
            task = Json.convert(json, Task.class);
        } catch (MalformedMessageException e) {
            return refuse(record, "malformed: its raw value is not a task kpool can read");
        }
        if (task.jobId() == null || task.jobId().isBlank() || !json.has("payload")) {
            return refuse(record, "malformed: its raw value is a task without a job id or a payload");
        }
        return replay(record, task.jobId(), task.payload(), task.handler(), Math.max(1, task.attempt()) + 1);
    }

    /** A job the dispatcher dead-lettered: its raw value is the jobs record as a client wrote it. */
    private ReplayDecision fromJob(DeadLetterRecord record, JsonNode json) {
        String malformed = notAJob(json);
        if (malformed != null) {
            return refuse(record, "malformed: cannot be replayed as it is: " + malformed);
        }
        JsonNode handler = json.get("handler");
        JsonNode attempt = json.get("attempt");
        int previous = attempt != null && attempt.canConvertToInt() && attempt.intValue() > 1 ? attempt.intValue() : 1;
        return replay(record, json.get("id").textValue(), json.get("payload"),
                handler == null || handler.isNull() ? null : handler.textValue(), previous + 1);
    }

    /** Why a value is not a job as it stands, or null when it is one. */
    private static String notAJob(JsonNode json) {
        if (!json.isObject()) {
            return "its raw value is JSON but not an object";
        }
        JsonNode id = json.get("id");
        if (id == null || !id.isTextual()) {
            return "its raw value has no string \"id\"";
        }
        if (id.textValue().isBlank()) {
            return "its raw value has a blank \"id\"";
        }
        if (!json.has("payload")) {
            return "its raw value has no \"payload\"";
        }
        JsonNode handler = json.get("handler");
        if (handler != null && !handler.isNull() && !handler.isTextual()) {
            return "its raw value has a \"handler\" that is not a string";
        }
        return null;
    }

    private ReplayDecision replay(DeadLetterRecord record, String id, JsonNode payload, String handler, int attempt) {
        Job job = new Job(id, payload, handler, attempt,
                new Job.Replay(record.topic(), record.partition(), record.offset()));
        return new ReplayDecision(record, ReplayDecision.Action.REPLAY, job,
                "job " + id + " as attempt " + attempt + " to " + topics.jobs());
    }

    private static ReplayDecision refuse(DeadLetterRecord record, String why) {
        return new ReplayDecision(record, ReplayDecision.Action.NOT_REPLAYABLE, null, why);
    }
}
