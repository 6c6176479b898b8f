package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Result;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** A supervisor's own life: its crash, its restart, its neighbours, its drain, its spares. */
@ExtendWith(SharedBroker.class)
class SupervisorLifeIT {

    private static final Duration A_WHILE = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static boolean gone(long pid) {
        return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void whenTheSupervisorDiesItsWorkersDieAndItsSuccessorCarriesOnTheirHistory() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2)) {
            Process first = pool.startSupervisor("it", List.of("--workers", "2"));
            pool.awaitAlive(2);
            pool.signal(1, "KILL");
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 1, A_WHILE);
            pool.awaitAlive(2);
            List<Long> workers = pool.status().stream().map(WorkerRow::pid).toList();

            first.destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).alias("no orphan worker")
                    .until(() -> workers.stream().allMatch(SupervisorLifeIT::gone));

            pool.startSupervisor("it", List.of("--workers", "2"));
            pool.events().await(WorkerStarted.class, e -> e.workerId() == 1 && e.incarnation() == 3, A_WHILE);
            pool.awaitAlive(2);
            WorkerRow one = pool.worker(1);
            assertThat(one.incarnation()).isEqualTo(3);
            assertThat(one.restarts()).isEqualTo(1);
            assertThat(pool.worker(0).incarnation()).isEqualTo(2);
        }
    }

    @Test
    void twoSupervisorsShareThePoolAndAThirdCannotTakeTheirSlots() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 4);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            pool.startSupervisor("a", List.of("--slots", "0-1"));
            pool.startSupervisor("b", List.of("--slots", "2-3"));
            pool.startDispatcher(List.of());
            pool.awaitAlive(4);

            // the dispatcher learns of each slot from the workers topic, moments after it is published
            Submission submission = new Submission();
            await().atMost(A_WHILE).pollInSameThread().pollInterval(Duration.ofMillis(100))
                    .alias("results from every slot").until(() -> {
                        pool.submit(submitter, IntStream.range(0, 20).boxed().toList(), submission);
                        outcomes.poll(Duration.ofMillis(200), submission::accept, submission::accept);
                        return submission.results().values().stream().map(Result::workerId)
                                .collect(Collectors.toSet()).size() == 4;
                    });
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.duplicates()).isZero();
            assertThat(pool.status()).extracting(WorkerRow::supervisor).containsExactly("a", "a", "b", "b");

            Process clash = pool.startSupervisor("c", List.of("--slots", "1-2"));
            assertThat(clash.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(clash.exitValue()).isEqualTo(2);
            String said = Files.readString(pool.dir().resolve("supervisor-c.log"), StandardCharsets.UTF_8);
            assertThat(said).containsPattern("slot [12] is owned by supervisor '[ab]'");
        }
    }

    @Test
    void sigtermDrainsTheWorkersAndNoJobIsLost() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            Process supervisor = pool.startSupervisor("it", List.of("--workers", "2", "--handler", "sleep",
                    "--shutdown-grace", "20s"));
            pool.startDispatcher(List.of());
            pool.awaitAlive(2);
            Submission submission = pool.submit(submitter, IntStream.range(0, 40).mapToObj(i -> 100).toList());
            await().atMost(A_WHILE).until(() -> {
                outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
                return submission.resultCount() >= 4;
            });

            supervisor.destroy();
            assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).as("drained within the grace").isTrue();
            assertThat(supervisor.exitValue()).isZero();

            pool.startSupervisor("it", List.of("--workers", "2", "--handler", "sleep"));
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.resultCount()).isEqualTo(40);
            assertThat(submission.duplicates()).isZero();
        }
    }

    @Test
    void aSpareTakesOverACrashedSlot() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2)) {
            Process supervisor = pool.startSupervisor("it", List.of("--workers", "2", "--spares", "1"));
            pool.awaitAlive(2);
            await().atMost(A_WHILE).alias("a spare is ready").until(() -> Files.readString(
                    pool.dir().resolve("run-it").resolve("spare-1.log")).contains("warm in"));
            java.time.Instant killedAt = java.time.Instant.now();

            pool.signal(0, "KILL");

            WorkerRestarted restarted = pool.events().await(WorkerRestarted.class, r -> r.workerId() == 0, A_WHILE);
            ProcessHandle replacement = ProcessHandle.of(restarted.pid()).orElseThrow();
            assertThat(replacement.parent().map(ProcessHandle::pid)).contains(supervisor.pid());
            assertThat(replacement.info().startInstant()).as("a JVM started before the crash took over")
                    .hasValueSatisfying(started -> assertThat(started).isBefore(killedAt));
            assertThat(Optional.of(pool.worker(0).pid())).contains(restarted.pid());
        }
    }
}
