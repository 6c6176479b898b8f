package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Result;
import io.kpool.protocol.event.TasksRerouted;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas of one supervisor (a StatefulSet's pods, by --ordinal), one of them removed, as when the
 * StatefulSet is scaled down: what happens to the tasks queued on its slots, and how to move them.
 */
@ExtendWith(SharedBroker.class)
class ScaleDownIT {

    private static final Duration A_WHILE = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void theTasksQueuedOnARemovedReplicasSlotWaitUntilAnEvacuationHandsThemToTheOthers() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // Given two replicas of one worker each: pod 0 owns slot 0, pod 1 slot 1, both with a backlog
            pool.startSupervisor("kpool-supervisor-0", List.of("--ordinal", "kpool-supervisor-0", "--workers", "1",
                    "--handler", "sleep"));
            Process removed = pool.startSupervisor("kpool-supervisor-1", List.of("--ordinal", "kpool-supervisor-1",
                    "--workers", "1", "--handler", "sleep"));
            pool.startDispatcher(List.of("--handler", "sleep"));
            pool.awaitAlive(2);
            assertThat(pool.status()).extracting(WorkerRow::supervisor)
                    .containsExactly("kpool-supervisor-0", "kpool-supervisor-1");
            Submission submission = pool.submit(submitter, IntStream.range(0, 60).mapToObj(i -> 200).toList());
            await().atMost(A_WHILE).until(() -> {
                outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
                return submission.results().values().stream().anyMatch(r -> r.workerId() == 1);
            });

            // When pod 1 is removed (SIGTERM: it drains the job its worker is on and stops)
            removed.destroy();
            assertThat(removed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(removed.exitValue()).isZero();

            // Then its slot is stopped, the dispatcher sends it nothing more, and its queued tasks wait
            assertThat(pool.worker(1).state()).isEqualTo("stopped");
            Submission later = pool.submit(submitter, IntStream.range(0, 10).mapToObj(i -> 1).toList());
            await().atMost(A_WHILE).until(() -> {
                outcomes.poll(Duration.ofMillis(100), r -> {
                    submission.accept(r);
                    later.accept(r);
                }, d -> {
                    submission.accept(d);
                    later.accept(d);
                });
                return later.complete();
            });
            assertThat(later.results().values()).extracting(Result::workerId).containsOnly(0);
            int parked = submission.pendingCount();
            assertThat(parked).as("tasks queued on slot 1, done by nobody while no replica owns it").isPositive();

            // When the removed slot is evacuated
            Process evacuation = pool.start("evacuate-1", List.of("worker", "--slot", "1", "--evacuate", "3s"));
            assertThat(evacuation.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(evacuation.exitValue()).isZero();

            // Then the others do them, each once
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.resultCount()).isEqualTo(60);
            assertThat(submission.duplicates()).isZero();
            await().atMost(A_WHILE).alias("tasks_rerouted events for the " + parked + " parked tasks").until(() ->
                    pool.events().of(TasksRerouted.class).stream().mapToLong(TasksRerouted::count).sum() == parked);
        }
    }
}
