package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.event.JobDeadLettered;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Let it crash: a worker dies of bad input, its supervisor restarts it, nothing else stops. */
@ExtendWith(SharedBroker.class)
class CrashAndRestartIT {

    private static final Duration A_WHILE = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aNegativeJobCrashesItsWorkerWhichIsRestartedWhileTheOthersCarryOnUntilTheJobIsDeadLettered() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 3, List.of("--http-port", "0"),
                List.of("--http-port", "0"));
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // Given 60 good jobs with one poison job (-1) among them
            List<Object> payloads = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                payloads.add(i == 30 ? -1 : i);
            }

            // When they are submitted
            Submission submission = pool.submit(submitter, payloads);
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);

            // Then the poison job crashed its worker three times, was restarted each time...
            String poison = "job-31";
            List<WorkerCrashed> crashes = pool.events().of(WorkerCrashed.class);
            assertThat(crashes).hasSize(3).allSatisfy(c -> {
                assertThat(c.reason()).isEqualTo("exit");
                assertThat(c.exitCode()).isEqualTo(1);
                assertThat(c.jobId()).isEqualTo(poison);
            });
            int slot = crashes.get(0).workerId();
            assertThat(crashes).extracting(WorkerCrashed::workerId).containsOnly(slot);
            assertThat(crashes).extracting(WorkerCrashed::incarnation).containsExactly(1L, 2L, 3L);
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == slot && r.incarnation() == 4, A_WHILE);

            // ...and then went to the dead letters with the evidence
            DeadLetter letter = submission.deadLetters().get(poison);
            assertThat(letter.reason()).isEqualTo("crashed_worker");
            assertThat(letter.evidence().workerId()).isEqualTo(slot);
            assertThat(letter.evidence().crashes()).hasSize(3).allSatisfy(crash -> {
                assertThat(crash.exitCode()).isEqualTo(1);
                assertThat(String.join("\n", crash.stderrTail())).contains("must not be negative, but was -1");
            });
            // ...what the worker wrote reached its supervisor's own output, tagged with the slot...
            assertThat(Files.readString(pool.dir().resolve("supervisor-it.log"), StandardCharsets.UTF_8))
                    .containsPattern("(?m)^\\[worker " + slot + "\\] .*must not be negative, but was -1");
            assertThat(pool.events().of(JobDeadLettered.class)).singleElement()
                    .satisfies(e -> assertThat(e.jobId()).isEqualTo(poison));

            // And every other job, its slot's queued ones included, has its result, once
            assertThat(submission.resultCount()).isEqualTo(59);
            assertThat(submission.duplicates()).isZero();
            submission.results().forEach((id, result) ->
                    assertThat(result.output().longValue()).isEqualTo(2L * (Long.parseLong(id.substring(4)) - 1)));
            assertThat(submission.results().values()).anySatisfy(r -> {
                assertThat(r.workerId()).isEqualTo(slot);
                assertThat(r.incarnation()).isGreaterThan(1);
            });

            // And the other workers never stopped
            for (WorkerRow row : pool.status()) {
                if (row.workerId() != slot) {
                    assertThat(row.incarnation()).as("worker %d", row.workerId()).isEqualTo(1);
                    assertThat(row.restarts()).isZero();
                }
            }
            assertThat(pool.worker(slot).restarts()).isEqualTo(3);

            // And the supervisor's and the dispatcher's metrics and probes say so
            String supervisor = pool.http("supervisor-it", "/metrics").body();
            String prefix = "{pool=\"" + pool.kafka().topics().prefix() + "\",";
            assertThat(supervisor)
                    .contains("kpool_worker_crashes_total" + prefix + "reason=\"exit\",role=\"supervisor\",slot=\""
                            + slot + "\"} 3.0")
                    .contains("kpool_worker_restarts_total" + prefix + "reason=\"exit\",role=\"supervisor\",slot=\""
                            + slot + "\"} 3.0")
                    .contains("kpool_worker_jobs_poisoned_total" + prefix + "role=\"supervisor\",slot=\"" + slot + "\"} 1.0")
                    .contains("kpool_slot_state" + prefix + "role=\"supervisor\",slot=\"" + slot + "\",state=\"running\"} 1.0")
                    .contains("kpool_worker_incarnation" + prefix + "role=\"supervisor\",slot=\"" + slot + "\"} 4.0");
            String dispatcher = pool.http("dispatcher", "/metrics").body();
            assertThat(dispatchedTotal(dispatcher)).isEqualTo(60);
            assertThat(dispatcher).contains("kpool_dispatcher_live_slots" + prefix + "role=\"dispatcher\"} 3.0");
            for (String role : List.of("supervisor-it", "dispatcher")) {
                for (String probe : List.of("/healthz", "/readyz")) {
                    assertThat(pool.http(role, probe).statusCode()).as(role + probe).isEqualTo(200);
                }
            }
        }
    }

    private static long dispatchedTotal(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("kpool_dispatcher_jobs_dispatched_total{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aWorkerKilledWithSigkillIsRestartedAndTheJobsFlowOn() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            long pid = pool.signal(1, "KILL");

            WorkerCrashed crash = pool.events().await(WorkerCrashed.class, c -> c.workerId() == 1, A_WHILE);
            assertThat(crash.reason()).isEqualTo("signal");
            assertThat(crash.signal()).isEqualTo("KILL");
            assertThat(crash.pid()).isEqualTo(pid);
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 1 && r.incarnation() == 2, A_WHILE);

            Submission submission = pool.submit(submitter, List.of(1, 2, 3, 4, 5, 6, 7, 8));
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.resultCount()).isEqualTo(8);

            // the dispatcher learns of the new incarnation from the workers topic, moments later
            Submission probes = new Submission();
            await().atMost(A_WHILE).pollInSameThread().pollInterval(Duration.ofMillis(100))
                    .alias("a result from the restarted worker").until(() -> {
                        pool.submit(submitter, List.of(9, 10), probes);
                        outcomes.poll(Duration.ofMillis(300), probes::accept, probes::accept);
                        return probes.results().values().stream()
                                .anyMatch(r -> r.workerId() == 1 && r.incarnation() == 2);
                    });
        }
    }

    @Test
    void aWorkerWhoseHeartbeatsStopIsKilledAndRestartedAndItsQueuedJobsAreDone() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2,
                List.of("--heartbeat-timeout", "2s", "--heartbeat-interval", "250ms"),
                List.of("--heartbeat-timeout", "2s"));
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // Given worker 0 is frozen (the process lives, but sends no heartbeat)
            long pid = pool.signal(0, "STOP");
            // And jobs arrive, some routed to it before the dispatcher notices
            Submission submission = pool.submit(submitter, List.of(10, 11, 12, 13, 14, 15));

            // Then the supervisor kills it for its silence and starts a new one
            WorkerCrashed crash = pool.events().await(WorkerCrashed.class, c -> c.workerId() == 0, A_WHILE);
            assertThat(crash.reason()).isEqualTo("heartbeat_timeout");
            assertThat(crash.pid()).isEqualTo(pid);
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 0, A_WHILE);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));

            // And every job gets its result
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.resultCount()).isEqualTo(6);
            List<PoolEvent> all = pool.events().all();
            assertThat(all).filteredOn(WorkerCrashed.class::isInstance).hasSize(1);
        }
    }
}
