package io.kpool.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What kpool replay writes for each dead letter, as specifications. */
class ReplayPlanTest {

    private static final Topics TOPICS = new Topics("t");

    private final ReplayPlan plan = new ReplayPlan(TOPICS);
    private long nextOffset;

    @Test
    void aPoisonJobIsReplayedFromTheTaskItsWorkerRanAsTheNextAttempt() {
        // Given: a job that crashed its worker three times, dead-lettered by the worker with the task as raw
        DeadLetterRecord letter = letter(new DeadLetter("j1", "crashed_worker", "crashed worker 1 3 times",
                "{\"jobId\":\"j1\",\"payload\":-1,\"handler\":\"double\",\"slot\":1,\"attempt\":1,\"submittedAt\":5,"
                        + "\"dispatchedAt\":6}", "utf8", new DeadLetter.Origin("t.tasks", 1, 40), 9, null));
        // When
        ReplayDecision decision = single(plan.decide(DeadLetterSelection.all()));
        // Then
        assertThat(decision.action()).isEqualTo(ReplayDecision.Action.REPLAY);
        assertThat(decision.job()).isEqualTo(new Job("j1", Json.tree(utf8("-1")), "double", 2,
                new Job.Replay("t.dead-letters", 0, letter.offset())));
        assertThat(decision.detail()).isEqualTo("job j1 as attempt 2 to t.jobs");
    }

    @Test
    void aJobTheDispatcherRejectedIsReplayedAsTheClientWroteIt() {
        letter(jobLetter("unknown_handler", "j2", "{\"id\": \"j2\", \"payload\": {\"n\": 3}, \"handler\": \"later\", "
                + "\"priority\": \"high\"}"));

        ReplayDecision decision = single(plan.decide(DeadLetterSelection.all()));

        assertThat(decision.action()).isEqualTo(ReplayDecision.Action.REPLAY);
        assertThat(decision.job().id()).isEqualTo("j2");
        assertThat(decision.job().payload().get("n").intValue()).isEqualTo(3);
        assertThat(decision.job().handler()).isEqualTo("later");
        assertThat(decision.job().attempt()).as("at least 2, so the dispatcher does not take it for a duplicate")
                .isEqualTo(2);
        assertThat(Json.text(decision.job())).doesNotContain("priority");
    }

    @Test
    void aJobThatWasARetryAlreadyIsReplayedAsTheAttemptAfterIt() {
        letter(jobLetter("wrong_payload", "j3", "{\"id\": \"j3\", \"payload\": \"x\", \"attempt\": 4}"));

        assertThat(single(plan.decide(DeadLetterSelection.all())).job().attempt()).isEqualTo(5);
    }

    @Test
    void aDeadLetterAReplayOnTheJobsTopicNamesIsNotReplayedAgain() {
        // Given
        DeadLetterRecord letter = letter(jobLetter("unknown_handler", "j4", "{\"id\": \"j4\", \"payload\": 1}"));
        // When: the jobs topic holds its replay (read after the dead letter, or before: no matter)
        plan.jobRecord(2, 11, utf8("{\"id\": \"j4\", \"payload\": 1, \"attempt\": 2, \"replayOf\": {\"topic\": "
                + "\"t.dead-letters\", \"partition\": 0, \"offset\": " + letter.offset() + "}}"));
        // Then
        ReplayDecision decision = single(plan.decide(DeadLetterSelection.all()));
        assertThat(decision.action()).isEqualTo(ReplayDecision.Action.ALREADY_REPLAYED);
        assertThat(decision.detail()).isEqualTo("already replayed as t.jobs-2@11");
    }

    @Test
    void aReplayThatFailedAgainLeavesItsNewDeadLetterToReplay() {
        DeadLetterRecord first = letter(jobLetter("unknown_handler", "j5", "{\"id\": \"j5\", \"payload\": 1}"));
        plan.jobRecord(0, 3, Json.encode(new Job("j5", Json.tree(utf8("1")), null, 2,
                new Job.Replay("t.dead-letters", 0, first.offset()))));
        letter(new DeadLetter("j5", "unknown_handler", "no handler", "{\"id\":\"j5\",\"payload\":1,\"attempt\":2}",
                "utf8", new DeadLetter.Origin("t.jobs", 0, 3), 0, null));

        List<ReplayDecision> decisions = plan.decide(DeadLetterSelection.ofIds(List.of("j5")));

        assertThat(decisions).extracting(ReplayDecision::action).containsExactly(
                ReplayDecision.Action.ALREADY_REPLAYED, ReplayDecision.Action.REPLAY);
        assertThat(decisions.get(1).job().attempt()).isEqualTo(3);
    }

    @Test
    void malformedInputCannotBeReplayedAsItIsAndSaysWhy() {
        letter(new DeadLetter(null, "not_json", "bad", "hello", "utf8", new DeadLetter.Origin("t.jobs", 0, 1), 0, null));
        letter(new DeadLetter(null, "not_an_object", "bad", "[1]", "utf8", new DeadLetter.Origin("t.jobs", 0, 2), 0, null));
        letter(new DeadLetter(null, "missing_id", "bad", "{\"payload\": 1}", "utf8", new DeadLetter.Origin("t.jobs", 0, 3),
                0, null));
        letter(new DeadLetter("j", "missing_payload", "bad", "{\"id\": \"j\"}", "utf8",
                new DeadLetter.Origin("t.jobs", 0, 4), 0, null));
        letter(new DeadLetter(null, "null_value", "bad", null, null, new DeadLetter.Origin("t.jobs", 0, 5), 0, null));
        letter(new DeadLetter(null, "not_json", "bad", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 1}),
                "base64", new DeadLetter.Origin("t.jobs", 0, 6), 0, null));

        List<ReplayDecision> decisions = plan.decide(DeadLetterSelection.all());

        assertThat(decisions).extracting(ReplayDecision::action).containsOnly(ReplayDecision.Action.NOT_REPLAYABLE);
        assertThat(decisions).extracting(ReplayDecision::detail).containsExactly(
                "malformed: cannot be replayed as it is: its raw value is not JSON",
                "malformed: cannot be replayed as it is: its raw value is JSON but not an object",
                "malformed: cannot be replayed as it is: its raw value has no string \"id\"",
                "malformed: cannot be replayed as it is: its raw value has no \"payload\"",
                "no raw value to replay (the record was a tombstone)",
                "malformed: cannot be replayed as it is: its raw value is not JSON");
    }

    @Test
    void aDuplicateIdIsNotReplayedSinceItsJobRanUnderItsFirstRecord() {
        letter(jobLetter("duplicate_id", "j6", "{\"id\": \"j6\", \"payload\": 1}"));

        ReplayDecision decision = single(plan.decide(DeadLetterSelection.all()));

        assertThat(decision.action()).isEqualTo(ReplayDecision.Action.NOT_REPLAYABLE);
        assertThat(decision.detail()).startsWith("a re-submission of job 'j6', which ran under its first record");
    }

    @Test
    void oneRunReplaysAJobOnceEvenWhenTwoOfItsDeadLettersAreChosen() {
        DeadLetterRecord first = letter(jobLetter("unknown_handler", "j7", "{\"id\": \"j7\", \"payload\": 1}"));
        letter(jobLetter("wrong_payload", "j7", "{\"id\": \"j7\", \"payload\": 1}"));

        List<ReplayDecision> decisions = plan.decide(DeadLetterSelection.all());

        assertThat(decisions).extracting(ReplayDecision::action).containsExactly(ReplayDecision.Action.REPLAY,
                ReplayDecision.Action.NOT_REPLAYABLE);
        assertThat(decisions.get(1).detail()).isEqualTo("job 'j7' is replayed from " + first.position()
                + " in this run already; one replay per job");
    }

    @Test
    void onlyTheChosenDeadLettersAreDecided() {
        letter(jobLetter("unknown_handler", "a", "{\"id\": \"a\", \"payload\": 1}"));
        letter(jobLetter("wrong_payload", "b", "{\"id\": \"b\", \"payload\": \"x\"}"));
        letter(jobLetter("wrong_payload", "c", "{\"id\": \"c\", \"payload\": \"x\"}"));

        assertThat(plan.decide(DeadLetterSelection.ofReason("--reason", "wrong_payload")))
                .extracting(d -> d.letter().letter().jobId()).containsExactly("b", "c");
        assertThat(plan.decide(new DeadLetterSelection(Set.of("a", "c"), null)))
                .extracting(d -> d.letter().letter().jobId()).containsExactly("a", "c");
    }

    // --- helpers

    private DeadLetterRecord letter(DeadLetter letter) {
        DeadLetterRecord record = new DeadLetterRecord("t.dead-letters", 0, nextOffset++, letter);
        plan.letter(record);
        return record;
    }

    private DeadLetter jobLetter(String reason, String jobId, String raw) {
        return new DeadLetter(jobId, reason, "detail", raw, "utf8", new DeadLetter.Origin("t.jobs", 0, nextOffset), 0,
                null);
    }

    private static ReplayDecision single(List<ReplayDecision> decisions) {
        assertThat(decisions).hasSize(1);
        return decisions.get(0);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
