package io.kpool.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.event.CancelRefused;
import io.kpool.protocol.event.WorkerStopped;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What kpool cancel answers for each job, from the records it reads before and after asking. */
class CancelBookTest {

    private static DeadLetter letter(String jobId, String reason, String originTopic, int partition) {
        return new DeadLetter(jobId, reason, "", "raw", "utf8", new DeadLetter.Origin(originTopic, partition, 3), 0,
                null);
    }

    @Test
    void aJobWithAnOutcomeBeforeTheCancelIsLeftAlone() {
        CancelBook book = new CancelBook(List.of("done", "failed", "dup", "open"));
        CancelBook.Recorder before = book.before();

        before.result("done");
        before.deadLetter(letter("failed", "crashed_worker", "t.tasks", 1));
        before.deadLetter(letter("dup", "duplicate_id", "t.jobs", 0));

        assertThat(book.toAsk()).as("a duplicate_id dead letter is another record's outcome")
                .containsExactly("dup", "open");
        assertThat(book.answers()).extracting(CancelAnswer::describe).startsWith(
                "done: already finished (result) — nothing changed",
                "failed: already finished (dead letter crashed_worker) — nothing changed");
    }

    @Test
    void answersEachJobByWhatCameAfterTheCancel() {
        CancelBook book = new CancelBook(List.of("queued", "running", "first", "unknown", "later", "moved",
                "silent"));
        book.before();
        CancelBook.Recorder after = book.after();

        after.deadLetter(letter("queued", "cancelled", "t.tasks", 2));
        after.event(new WorkerStopped(0, 3, 5, WorkerStopped.CANCELLED, 0, "running"));
        after.deadLetter(letter("running", "cancelled", "t.tasks", 0));
        after.result("first");
        after.deadLetter(letter("first", "cancelled", "t.tasks", 0));
        after.event(new CancelRefused("unknown", CancelRefused.UNKNOWN, 0));
        after.deadLetter(new DeadLetter("later", "cancelled", "", Json.text(new Job("later", IntNode.valueOf(1))
                .at(1_700_000_060_000L)), "utf8", new DeadLetter.Origin("t.jobs", 1, 9), 1_700_000_000_000L, null));
        after.deadLetter(new DeadLetter("moved", "cancelled", "", Json.text(new Job("moved", IntNode.valueOf(1), null, 2)
                .at(1_600_000_000_000L)), "utf8", new DeadLetter.Origin("t.jobs", 1, 10), 1_700_000_000_000L, null));

        assertThat(book.settled()).isFalse();
        assertThat(book.answers()).extracting(CancelAnswer::describe).containsExactly(
                "queued: cancelled (was queued for worker 2)",
                "running: cancelled (was running on worker 0)",
                "first: finished before the cancel took effect (result)",
                "unknown: unknown job (no job with this id was accepted within the dedupe window) — nothing changed",
                "later: cancelled (was waiting to run at 2023-11-14T22:14:20Z)",
                "moved: cancelled (was queued)",
                "silent: no answer yet (the cancel was asked for; its outcome will be on the results or dead-letters "
                        + "topic: kpool dead-letters --id silent)");
        assertThat(book.answers()).extracting(CancelAnswer::kind).containsExactly(CancelAnswer.Kind.CANCELLED,
                CancelAnswer.Kind.CANCELLED, CancelAnswer.Kind.FINISHED_FIRST, CancelAnswer.Kind.UNKNOWN,
                CancelAnswer.Kind.CANCELLED, CancelAnswer.Kind.CANCELLED, CancelAnswer.Kind.NO_ANSWER);
    }
}
