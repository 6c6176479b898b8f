package io.kpool.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit's matching rules, as specifications: every jobs record must have exactly one outcome. */
class AuditBookTest {

    private static final Topics TOPICS = new Topics("t");

    private final AuditBook book = new AuditBook(TOPICS, 10);

    /** The offset the next dead letter read gets on partition 0 of t.dead-letters. */
    private long nextLetter;

    // --- accepted jobs

    @Test
    void aJobWithOneResultIsSettled() {
        // Given
        book.jobRecord(0, 0, job("j1", "1"));
        // When
        book.result(result("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.submitted()).isEqualTo(1);
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).isZero();
        assertThat(report.results()).isEqualTo(1);
        assertThat(report.missing().count()).isZero();
        assertThat(report.duplicated().count()).isZero();
        assertThat(report.unmatched().count()).isZero();
    }

    @Test
    void aJobWithTwoResultsIsDuplicated() {
        // Given
        book.jobRecord(2, 17, job("j1", "1"));
        // When
        book.result(result("j1"));
        book.result(result("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isFalse();
        assertThat(report.duplicated().count()).isEqualTo(1);
        assertThat(report.duplicated().examples()).singleElement().satisfies(e -> {
            assertThat(e.jobId()).isEqualTo("j1");
            assertThat(e.topic()).isEqualTo("t.jobs");
            assertThat(e.partition()).isEqualTo(2);
            assertThat(e.offset()).isEqualTo(17L);
            assertThat(e.detail()).isEqualTo("2 results");
        });
        assertThat(report.missing().count()).isZero();
    }

    @Test
    void aDelayedJobStillHeldIsWaitingNotMissingAndOnceRoutedItNeedsItsOutcome() {
        // Given two delayed jobs, both held, the second then routed (its record ended) without an outcome yet
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 1, job("j2", "2"));
        book.delayed(0, 0, true);
        book.delayed(0, 1, true);
        book.delayed(0, 1, false);
        // And a held record of a jobs record beyond the end offsets read
        book.delayed(0, 9, true);
        // When
        AuditReport report = book.report();
        // Then
        assertThat(report.waiting()).isEqualTo(1);
        assertThat(report.missing().count()).isEqualTo(1);
        assertThat(report.missing().examples()).singleElement().satisfies(e -> assertThat(e.jobId()).isEqualTo("j2"));
        assertThat(report.unmatched().count()).isZero();
        // And a waiting job that has an outcome after all is settled, not waiting
        book.result(result("j2"));
        book.result(result("j1"));
        assertThat(book.report().waiting()).isZero();
        assertThat(book.report().passed()).isTrue();
    }

    @Test
    void aJobWithNothingIsMissing() {
        // Given
        book.jobRecord(1, 4, job("j1", "1"));
        // When
        AuditReport report = book.report();
        // Then
        assertThat(report.passed()).isFalse();
        assertThat(report.missing().count()).isEqualTo(1);
        assertThat(report.missing().examples()).singleElement().satisfies(e -> {
            assertThat(e.jobId()).isEqualTo("j1");
            assertThat(e.partition()).isEqualTo(1);
            assertThat(e.offset()).isEqualTo(4L);
            assertThat(e.detail()).isEqualTo("no result or dead letter");
        });
    }

    @Test
    void aPoisonJobIsSettledByItsWorkersDeadLetter() {
        // Given
        book.jobRecord(0, 0, job("poison", "-1"));
        // When: the worker dead-letters it from the tasks topic
        deadLetter(workerLetter("poison"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).as("not the dispatcher's doing").isZero();
        assertThat(report.deadLettersByReason()).containsExactly(java.util.Map.entry("crashed_worker", 1L));
    }

    @Test
    void aJobWithAResultAndAWorkersDeadLetterIsDuplicated() {
        // Given
        book.jobRecord(0, 0, job("j1", "1"));
        // When
        book.result(result("j1"));
        deadLetter(workerLetter("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.duplicated().count()).isEqualTo(1);
        assertThat(report.duplicated().examples().get(0).detail()).isEqualTo("1 result and 1 dead letter (crashed_worker)");
    }

    @Test
    void aJobTheDispatcherRejectedForItsPayloadIsSettledByTheDeadLetterOnItsRecord() {
        // Given
        book.jobRecord(3, 9, job("j1", "\"not a number\""));
        // When
        deadLetter(letterAt(3, 9, "wrong_payload", "j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
    }

    @Test
    void aJobWithAResultAndADeadLetterOnItsRecordIsDuplicated() {
        // Given
        book.jobRecord(0, 5, job("j1", "1"));
        // When
        book.result(result("j1"));
        deadLetter(letterAt(0, 5, "wrong_payload", "j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.duplicated().count()).isEqualTo(1);
        assertThat(report.duplicated().examples().get(0).detail())
                .isEqualTo("1 result and 1 dead letter for its jobs record (wrong_payload)");
    }

    @Test
    void aJobBeyondTheDispatchersLimitsIsSettledByItsDeadLetter() {
        // Given: an id longer than the dispatcher's default limit is still a job to the audit
        String longId = "x".repeat(300);
        book.jobRecord(0, 0, job(longId, "1"));
        // When
        deadLetter(letterAt(0, 0, "id_too_long", null));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.malformed()).isZero();
    }

    @Test
    void aNullPayloadIsStillAPayload() {
        book.jobRecord(0, 0, utf8("{\"id\": \"j1\", \"payload\": null}"));
        book.result(result("j1"));

        AuditReport report = book.report();

        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.passed()).isTrue();
    }

    // --- malformed records

    @Test
    void aMalformedRecordIsSettledByItsDeadLetter() {
        // Given
        book.jobRecord(1, 7, utf8("hello"));
        // When
        deadLetter(letterAt(1, 7, "not_json", null));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.malformed()).isEqualTo(1);
        assertThat(report.accepted()).isZero();
        assertThat(report.rejected()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "[1, 2]", "\"j1\"", "{\"payload\": 1}", "{\"id\": 5, \"payload\": 1}",
            "{\"id\": \"  \", \"payload\": 1}", "{\"id\": \"j1\"}", "{\"id\": \"j1\", \"payload\": 1} trailing", ""})
    void aRecordThatIsNotAJobIsMalformed(String value) {
        // Given
        book.jobRecord(0, 0, utf8(value));
        // When
        AuditReport report = book.report();
        // Then
        assertThat(report.malformed()).isEqualTo(1);
        assertThat(report.missing().examples()).singleElement().satisfies(e -> {
            assertThat(e.jobId()).isNull();
            assertThat(e.detail()).isEqualTo("not a job, and no dead letter points at it");
        });
    }

    @Test
    void tombstonesAndBinaryGarbageAreMalformedToo() {
        book.jobRecord(0, 0, null);
        book.jobRecord(0, 1, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        deadLetter(letterAt(0, 0, "null_value", null));
        deadLetter(letterAt(0, 1, "not_json", null));

        AuditReport report = book.report();

        assertThat(report.malformed()).isEqualTo(2);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void aMalformedRecordWithTwoDeadLettersIsDuplicated() {
        book.jobRecord(0, 3, utf8("hello"));
        deadLetter(letterAt(0, 3, "not_json", null));
        deadLetter(letterAt(0, 3, "not_json", null));

        AuditReport report = book.report();

        assertThat(report.duplicated().count()).isEqualTo(1);
        assertThat(report.duplicated().examples().get(0).detail()).isEqualTo("2 dead letters (not_json)");
    }

    // --- re-submissions

    @Test
    void aResubmissionIsSettledByItsDuplicateDeadLetter() {
        // Given
        book.jobRecord(2, 10, job("j1", "1"));
        book.jobRecord(2, 11, job("j1", "1"));
        // When
        book.result(result("j1"));
        deadLetter(letterAt(2, 11, "duplicate_id", "j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.submitted()).isEqualTo(2);
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.resubmissions()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
    }

    @Test
    void aResubmissionThatRanAgainLeavesItsJobDuplicatedAndItselfMissing() {
        // Given: a dispatcher that does not deduplicate
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 1, job("j1", "1"));
        // When
        book.result(result("j1"));
        book.result(result("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.duplicated().examples()).singleElement()
                .satisfies(e -> assertThat(e.offset()).isEqualTo(0L));
        assertThat(report.missing().examples()).singleElement().satisfies(e -> {
            assertThat(e.offset()).isEqualTo(1L);
            assertThat(e.detail()).isEqualTo(
                    "a re-submission (the accepted record is t.jobs 0:0) and no dead letter points at it");
        });
    }

    @Test
    void theFirstRecordOfAnIdIsTheAcceptedOneWhateverOrderTheyAreReadIn() {
        book.jobRecord(0, 8, job("j1", "1"));
        book.jobRecord(0, 3, job("j1", "1"));
        deadLetter(letterAt(0, 8, "duplicate_id", "j1"));
        book.result(result("j1"));

        AuditReport report = book.report();

        assertThat(report.passed()).isTrue();
        assertThat(report.resubmissions()).isEqualTo(1);
    }

    @Test
    void anIdWrittenToTwoPartitionsIsAcceptedWhereNoDeadLetterPointsAt() {
        // Given: a client that did not key by id; the dispatcher took partition 1's record first
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(1, 0, job("j1", "1"));
        // When
        deadLetter(letterAt(0, 0, "duplicate_id", "j1"));
        book.result(result("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.resubmissions()).isEqualTo(1);
    }

    // --- kpool's retries: a job moved off a slot that gave up, a replayed dead letter

    @Test
    void aJobMovedOffASlotThatGaveUpIsOneJobWithOneResult() {
        // Given: the job, then kpool's second attempt of it after its slot was quarantined
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 9, retry("j1", "1", 2));
        // When
        book.result(result("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.retries()).isEqualTo(1);
        assertThat(report.resubmissions()).isZero();
    }

    @Test
    void aRetryWithAnOutcomeOfItsOwnBesidesTheJobsIsDuplicated() {
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 9, retry("j1", "1", 2));

        book.result(result("j1"));
        book.result(result("j1"));

        AuditReport report = book.report();
        assertThat(report.duplicated().examples()).singleElement().satisfies(e -> {
            assertThat(e.offset()).isZero();
            assertThat(e.detail()).isEqualTo("2 results");
        });
    }

    @Test
    void aReplayedDeadLetterIsSettledByTheReplaysResultInstead() {
        // Given: a poison job dead-lettered by its worker, at t.dead-letters 0:0
        book.jobRecord(0, 0, job("j1", "-1"));
        long letter = deadLetter(workerLetter("j1"));
        // When: it is replayed after the handler was fixed, and the replay has a result
        book.jobRecord(0, 5, replay("j1", "-1", 2, 0, letter));
        book.result(result("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.replayed()).isEqualTo(1);
        assertThat(report.retries()).isEqualTo(1);
        assertThat(report.deadLetters()).as("replayed dead letters are still read and counted").isEqualTo(1);
        assertThat(report.accepted()).isEqualTo(1);
    }

    @Test
    void aReplayNotYetSettledLeavesItsJobMissing() {
        book.jobRecord(0, 0, job("j1", "-1"));
        long letter = deadLetter(workerLetter("j1"));

        book.jobRecord(0, 5, replay("j1", "-1", 2, 0, letter));

        AuditReport report = book.report();
        assertThat(report.missing().examples()).singleElement().satisfies(e -> {
            assertThat(e.offset()).isZero();
            assertThat(e.detail()).isEqualTo("no result or dead letter (nor for its 1 retry)");
        });
    }

    @Test
    void aDeadLetterReplayedTwiceWithTwoResultsLeavesItsJobDuplicated() {
        book.jobRecord(0, 0, job("j1", "-1"));
        long letter = deadLetter(workerLetter("j1"));

        book.jobRecord(0, 5, replay("j1", "-1", 2, 0, letter));
        book.jobRecord(0, 6, replay("j1", "-1", 2, 0, letter));
        book.result(result("j1"));
        book.result(result("j1"));

        AuditReport report = book.report();
        assertThat(report.replayed()).isEqualTo(1);
        assertThat(report.duplicated().count()).isEqualTo(1);
    }

    @Test
    void aReplayRejectedAgainIsSettledByItsNewDeadLetterAndThatOneMayBeReplayedToo() {
        // Given: a job for a handler the pool did not have, rejected by the dispatcher
        book.jobRecord(1, 0, utf8("{\"id\": \"j1\", \"payload\": 1, \"handler\": \"later\"}"));
        long first = deadLetter(letterAt(1, 0, "unknown_handler", "j1"));
        // When: replayed too early (rejected again), then replayed once more, which runs
        book.jobRecord(1, 3, replay("j1", "1", 2, 0, first));
        long second = deadLetter(letterAt(1, 3, "unknown_handler", "j1"));
        AuditReport between = book.report();
        book.jobRecord(1, 4, replay("j1", "1", 3, 0, second));
        book.result(result("j1"));
        // Then
        assertThat(between.passed()).as("settled by the second dead letter").isTrue();
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.replayed()).isEqualTo(2);
        assertThat(report.retries()).isEqualTo(2);
        assertThat(report.rejected()).as("no dead letter stands").isZero();
    }

    @Test
    void aMalformedRecordsDeadLetterCannotBeReplayedAwayByAJobOfAnotherRecord() {
        // Given: garbage, dead-lettered; and a replay that names that dead letter (written by hand)
        book.jobRecord(0, 0, utf8("hello"));
        long letter = deadLetter(letterAt(0, 0, "not_json", null));
        book.jobRecord(0, 1, replay("j9", "1", 2, 0, letter));
        // When
        book.result(result("j9"));
        // Then: the garbage has no outcome any more, and the replay's job has one
        AuditReport report = book.report();
        assertThat(report.missing().examples()).singleElement()
                .satisfies(e -> assertThat(e.offset()).isZero());
        assertThat(report.accepted()).as("the replay stands in for its job").isEqualTo(1);
    }

    @Test
    void aReplayOfADeadLetterNotReadIsUnmatched() {
        book.jobRecord(0, 0, job("j1", "-1"));
        book.jobRecord(0, 1, replay("j1", "-1", 2, 0, 77));
        book.result(result("j1"));

        AuditReport report = book.report();

        assertThat(report.passed()).isTrue();
        assertThat(report.unmatched().examples()).extracting(AuditReport.Example::detail)
                .containsExactly("a replay of t.dead-letters 0:77, a dead letter not read");
    }

    @Test
    void aReplayOfAnotherTopicsDeadLetterReplacesNothing() {
        book.jobRecord(0, 0, job("j1", "-1"));
        deadLetter(workerLetter("j1"));
        book.jobRecord(0, 1, utf8("{\"id\": \"j1\", \"payload\": 1, \"attempt\": 2, "
                + "\"replayOf\": {\"topic\": \"other.dead-letters\", \"partition\": 0, \"offset\": 0}}"));
        book.result(result("j1"));

        AuditReport report = book.report();

        assertThat(report.replayed()).isZero();
        assertThat(report.duplicated().count()).isEqualTo(1);
    }

    // --- unmatched, unreadable, order

    @Test
    void unmatchedOutcomesAreCountedButDoNotFail() {
        // Given
        book.jobRecord(0, 0, job("j1", "1"));
        book.result(result("j1"));
        // When: outcomes of records this audit did not read
        book.result(result("elsewhere"));
        deadLetter(workerLetter("gone"));
        deadLetter(letterAt(0, 99, "not_json", null));
        deadLetter(new DeadLetter(null, "not_json", "d", "x", "utf8", null, 0, null));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.unmatched().count()).isEqualTo(4);
        assertThat(report.unmatched().examples()).extracting(AuditReport.Example::detail).containsExactly(
                "1 dead letter (not_json) for a jobs record not read (beyond the end offsets, or gone)",
                "1 result for an id no jobs record has",
                "1 dead letter (crashed_worker) for an id no jobs record has",
                "a dead letter (not_json) with neither a jobId nor an origin on t.jobs");
        assertThat(report.unmatched().examples()).extracting(AuditReport.Example::jobId)
                .containsExactly(null, "elsewhere", "gone", null);
    }

    @Test
    void aDeadLetterFromAnotherPoolsJobsTopicIsMatchedByItsJobId() {
        book.jobRecord(0, 0, job("j1", "1"));
        deadLetter(new DeadLetter("j1", "crashed_worker", "d", null, null,
                new DeadLetter.Origin("other.jobs", 0, 0), 0, null));

        assertThat(book.report().passed()).isTrue();
    }

    @Test
    void outcomesMayBeReadBeforeTheirJobs() {
        // Given: the three topics are read together, in no order between them
        book.result(result("j1"));
        deadLetter(letterAt(0, 1, "not_json", null));
        deadLetter(workerLetter("poison"));
        // When
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 1, utf8("hello"));
        book.jobRecord(0, 2, job("poison", "-1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.unmatched().count()).isZero();
    }

    @Test
    void unreadableOutcomesAreCountedButDoNotFail() {
        book.jobRecord(0, 0, job("j1", "1"));
        book.result(result("j1"));
        book.unreadable("t.results", 0, 4);
        book.unreadable("t.dead-letters", 0, 2);

        AuditReport report = book.report();

        assertThat(report.passed()).isTrue();
        assertThat(report.unreadable()).isEqualTo(2);
        assertThat(report.results()).isEqualTo(2);
        assertThat(report.deadLetters()).isEqualTo(1);
    }

    @Test
    void aRecordReadTwiceCountsOnce() {
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 0, job("j1", "1"));
        book.result(result("j1"));

        AuditReport report = book.report();

        assertThat(report.submitted()).isEqualTo(1);
        assertThat(report.passed()).isTrue();
    }

    // --- the summary

    @Test
    void deadLettersAreCountedByReasonTheMostFrequentFirst() {
        // Given
        for (int i = 0; i < 3; i++) {
            book.jobRecord(0, i, utf8("garbage " + i));
            deadLetter(letterAt(0, i, "not_json", null));
        }
        book.jobRecord(0, 3, job("a", "-1"));
        book.jobRecord(0, 4, job("b", "-1"));
        deadLetter(workerLetter("a"));
        deadLetter(workerLetter("b"));
        book.jobRecord(0, 5, job("a", "-1"));
        deadLetter(letterAt(0, 5, "duplicate_id", "a"));
        // When
        AuditReport report = book.report();
        // Then
        assertThat(report.deadLetters()).isEqualTo(6);
        assertThat(report.deadLettersByReason().entrySet()).extracting(e -> e.getKey() + ": " + e.getValue())
                .containsExactly("not_json: 3", "crashed_worker: 2", "duplicate_id: 1");
        assertThat(report.submitted()).isEqualTo(6);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(4);
        assertThat(report.malformed()).isEqualTo(3);
        assertThat(report.resubmissions()).isEqualTo(1);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void examplesAreTheFirstInJobsTopicOrderUpToShow() {
        // Given
        AuditBook few = new AuditBook(TOPICS, 2);
        few.jobRecord(1, 0, job("p1-a", "1"));
        few.jobRecord(0, 7, job("p0-b", "1"));
        few.jobRecord(0, 2, job("p0-a", "1"));
        // When
        AuditReport report = few.report();
        // Then
        assertThat(report.missing().count()).isEqualTo(3);
        assertThat(report.missing().examples()).extracting(AuditReport.Example::jobId).containsExactly("p0-a", "p0-b");
    }

    @Test
    void noExamplesWhenShowIsZero() {
        AuditBook none = new AuditBook(TOPICS, 0);
        none.jobRecord(0, 0, job("j1", "1"));

        AuditReport report = none.report();

        assertThat(report.missing().count()).isEqualTo(1);
        assertThat(report.missing().examples()).isEmpty();
    }

    @Test
    void theReportIsTheJsonOfItsFields() {
        book.jobRecord(0, 0, job("j1", "1"));
        book.result(result("j1"));

        String json = Json.text(book.report());

        assertThat(json).contains("\"prefix\":\"t\"", "\"submitted\":1", "\"passed\":true",
                "\"missing\":{\"count\":0,\"examples\":[]}");
    }

    @Test
    void twoHundredThousandJobsAreAuditedQuickly() {
        // Given
        int n = 200_000;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            book.jobRecord(i % 4, i / 4, job("job-" + i, String.valueOf(i)));
        }
        for (int i = 0; i < n - 1; i++) {
            book.result(result("job-" + i));
        }
        // When
        AuditReport report = book.report();
        // Then
        assertThat(report.accepted()).isEqualTo(n);
        assertThat(report.missing().count()).isEqualTo(1);
        assertThat(report.missing().examples()).extracting(AuditReport.Example::jobId).containsExactly("job-" + (n - 1));
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(20_000);
    }

    // --- helpers

    /** Reads a dead letter at the next offset of t.dead-letters partition 0; answers that offset. */
    // --- cancellation

    @Test
    void aCancelRequestNeedsNoOutcomeAndTheCancelledDeadLetterIsTheJobsOne() {
        // Given
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 1, utf8("{\"cancel\":\"j1\"}"));
        book.jobRecord(0, 2, utf8("{\"cancel\":\"nobody\"}"));
        // When
        deadLetter(cancelledLetter("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isTrue();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.cancelRequests()).isEqualTo(2);
        assertThat(report.malformed()).isZero();
        assertThat(report.deadLettersByReason()).containsEntry("cancelled", 1L);
    }

    @Test
    void aJobWithAResultAndACancelledDeadLetterIsDuplicated() {
        // Given
        book.jobRecord(0, 0, job("j1", "1"));
        book.jobRecord(0, 1, utf8("{\"cancel\":\"j1\"}"));
        // When
        book.result(result("j1"));
        deadLetter(cancelledLetter("j1"));
        // Then
        AuditReport report = book.report();
        assertThat(report.passed()).isFalse();
        assertThat(report.duplicated().examples()).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("1 result and 1 dead letter (cancelled)"));
    }

    @Test
    void aCancelRequestWithABlankIdIsMalformedAndNeedsItsDeadLetter() {
        book.jobRecord(0, 0, utf8("{\"cancel\":\" \"}"));

        AuditReport report = book.report();

        assertThat(report.malformed()).isEqualTo(1);
        assertThat(report.missing().count()).isEqualTo(1);
    }

    private static DeadLetter cancelledLetter(String jobId) {
        return new DeadLetter(jobId, "cancelled", "job " + jobId + " was cancelled", "raw", "utf8",
                new DeadLetter.Origin("t.tasks", 1, 7), 0, null);
    }

    private long deadLetter(DeadLetter letter) {
        long offset = nextLetter++;
        book.deadLetter(0, offset, letter);
        return offset;
    }

    /** kpool's later attempt of a job (as an evacuation writes it). */
    private static byte[] retry(String id, String payloadJson, int attempt) {
        return utf8("{\"id\": \"" + id + "\", \"payload\": " + payloadJson + ", \"attempt\": " + attempt + "}");
    }

    /** A replay of the dead letter at t.dead-letters partition:offset (as kpool replay writes it). */
    private static byte[] replay(String id, String payloadJson, int attempt, int partition, long offset) {
        return utf8("{\"id\": \"" + id + "\", \"payload\": " + payloadJson + ", \"attempt\": " + attempt
                + ", \"replayOf\": {\"topic\": \"t.dead-letters\", \"partition\": " + partition
                + ", \"offset\": " + offset + "}}");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] job(String id, String payloadJson) {
        return utf8("{\"id\": \"" + id + "\", \"payload\": " + payloadJson + "}");
    }

    private static Result result(String jobId) {
        return new Result(jobId, Json.tree(utf8("2")), 0, 1, 1, 0, 0);
    }

    /** A dead letter the dispatcher writes about the jobs record at partition:offset. */
    private static DeadLetter letterAt(int partition, long offset, String reason, String jobId) {
        return new DeadLetter(jobId, reason, "detail", "raw", "utf8", new DeadLetter.Origin("t.jobs", partition, offset),
                0, null);
    }

    /** The dead letter a worker writes for a job that crashed it: its origin is the tasks topic. */
    private static DeadLetter workerLetter(String jobId) {
        return new DeadLetter(jobId, "crashed_worker", "crashed worker 1 3 times", "raw", "utf8",
                new DeadLetter.Origin("t.tasks", 1, 42), 0, new DeadLetter.Evidence(1, List.of()));
    }
}
