package io.kpool.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.protocol.DelayedJob;
import io.kpool.protocol.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A dispatcher's timer queue: what a batch holds, fires or cancels stands only once the batch commits. */
class DelayedJobsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final DelayedJobs delayed = new DelayedJobs("t.delayed");

    @Test
    void aHeldJobWaitsOnlyOnceItsBatchCommitsAndIsDueAtItsTime() {
        ProducerRecord<String, byte[]> record = delayed.hold(job("j1", 5_000, 7));

        assertThat(record.topic()).isEqualTo("t.delayed");
        assertThat(record.partition()).isEqualTo(0);
        assertThat(record.key()).isEqualTo("j1@7");
        assertThat(delayed.size()).as("before the commit").isZero();
        delayed.commit();
        assertThat(delayed.size()).isEqualTo(1);
        assertThat(delayed.untilNext(NOW)).contains(Duration.ofSeconds(5));
        assertThat(delayed.takeDue(NOW.plusMillis(4_999), 10)).isEmpty();
        assertThat(delayed.takeDue(NOW.plusSeconds(5), 10)).extracting(j -> j.job().id()).containsExactly("j1");
    }

    @Test
    void jobsFiredInABatchRolledBackWaitAgain() {
        delayed.hold(job("j1", 1_000, 1));
        delayed.hold(job("j2", 2_000, 2));
        delayed.commit();

        assertThat(delayed.takeDue(NOW.plusSeconds(3), 1)).extracting(j -> j.job().id()).containsExactly("j1");
        delayed.discard();

        assertThat(delayed.takeDue(NOW.plusSeconds(3), 10)).extracting(j -> j.job().id()).containsExactly("j1", "j2");
        delayed.commit();
        assertThat(delayed.size()).isZero();
    }

    @Test
    void aCancelTakesEveryWaitingJobOfTheIdAndTheOnesTheBatchHolds() {
        delayed.hold(job("j1", 60_000, 1));
        delayed.hold(job("j2", 60_000, 2));
        delayed.commit();
        delayed.hold(job("j1", 90_000, 3));

        List<DelayedJob> cancelled = delayed.cancel("j1");

        assertThat(cancelled).extracting(DelayedJob::key).containsExactlyInAnyOrder("j1@1", "j1@3");
        assertThat(delayed.fired(cancelled.get(0)).value()).as("a tombstone").isNull();
        delayed.commit();
        assertThat(delayed.size()).isEqualTo(1);
        assertThat(delayed.cancel("j1")).isEmpty();
        assertThat(delayed.cancel("nosuch")).isEmpty();
    }

    @Test
    void aCancelInABatchRolledBackIsForgottenAndTheJobWaitsAgain() {
        delayed.hold(job("j1", 60_000, 1));
        delayed.commit();

        assertThat(delayed.cancel("j1")).hasSize(1);
        delayed.discard();

        assertThat(delayed.size()).isEqualTo(1);
        assertThat(delayed.takeDue(NOW.plusSeconds(60), 10)).extracting(DelayedJob::key).containsExactly("j1@1");
    }

    private static DelayedJob job(String id, long inMillis, long offset) {
        return new DelayedJob(new Job(id, IntNode.valueOf(1)).at(NOW.toEpochMilli() + inMillis), NOW.toEpochMilli(), 0,
                offset);
    }
}
