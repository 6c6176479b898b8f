package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.event.SupervisorGaveUp;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerGaveUp;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStopped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Restart types, restart intensity (escalate, quarantine) and the job timeout, with real processes. */
@ExtendWith(SharedBroker.class)
class RestartLimitsIT {

    private static final Duration A_WHILE = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aTransientWorkerThatDrainsIsNotRestartedButOneThatCrashesIs() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2, List.of("--restart", "transient"),
                List.of())) {
            pool.signal(0, "TERM");
            pool.signal(1, "KILL");

            WorkerStopped stopped = pool.events().await(WorkerStopped.class, e -> e.workerId() == 0, A_WHILE);
            assertThat(stopped.reason()).isEqualTo("exited");
            assertThat(stopped.exitCode()).isZero();
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 1, A_WHILE);
            await().atMost(A_WHILE).untilAsserted(() -> assertThat(pool.worker(0).state()).isEqualTo("stopped"));
            assertThat(pool.worker(0).alive()).isFalse();
            assertThat(pool.events().of(WorkerRestarted.class)).noneMatch(r -> r.workerId() == 0);
        }
    }

    @Test
    void aTemporaryWorkerIsNeverRestarted() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2, List.of("--restart", "temporary"),
                List.of())) {
            pool.signal(0, "KILL");

            pool.events().await(WorkerCrashed.class, c -> c.workerId() == 0, A_WHILE);
            await().atMost(A_WHILE).untilAsserted(() -> assertThat(pool.worker(0).state()).isEqualTo("stopped"));
            assertThat(pool.worker(1).alive()).isTrue();
        }
    }

    @Test
    void pastTheIntensityTheSupervisorStopsItsWorkersAndExitsWithStatus4() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2)) {
            Process supervisor = pool.startSupervisor("it", List.of("--workers", "2", "--max-restarts", "1",
                    "--within", "60s"));
            pool.awaitAlive(2);
            List<Long> pids = pool.status().stream().map(WorkerRow::pid).toList();

            pool.signal(0, "KILL");
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 0, A_WHILE);
            pool.signal(0, "KILL");

            SupervisorGaveUp gaveUp = pool.events().await(SupervisorGaveUp.class, e -> true, A_WHILE);
            assertThat(gaveUp.maxRestarts()).isEqualTo(1);
            assertThat(supervisor.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(supervisor.exitValue()).isEqualTo(4);
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true)));
        }
    }

    @Test
    void quarantineParksTheWorkerAndTheDispatcherSendsItNothing() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2, List.of("--on-limit", "quarantine",
                "--max-restarts", "1", "--within", "60s"), List.of());
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            pool.signal(0, "KILL");
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 0, A_WHILE);
            pool.signal(0, "KILL");

            pool.events().await(WorkerGaveUp.class, e -> e.workerId() == 0, A_WHILE);
            await().atMost(A_WHILE).untilAsserted(() -> assertThat(pool.worker(0).state()).isEqualTo("gave_up"));
            assertThat(pool.worker(1).alive()).isTrue();
            assertThat(pool.worker(0).restarts()).isEqualTo(1);

            Submission submission = pool.submit(submitter, List.of(1, 2, 3, 4, 5, 6));
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.results().values()).allSatisfy(r -> assertThat(r.workerId()).isEqualTo(1));
        }
    }

    @Test
    void theTasksQueuedForAQuarantinedWorkerAreDoneByTheOthersOnceEachEvenIfTheFirstEvacuationIsKilled()
            throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2, List.of("--on-limit", "quarantine",
                "--max-restarts", "1", "--within", "60s", "--handler", "sleep"), List.of("--handler", "sleep"));
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // Given a backlog on both workers
            Submission submission = pool.submit(submitter, java.util.Collections.nCopies(30, 300));
            await().atMost(A_WHILE).until(() -> {
                outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
                return submission.resultCount() >= 2;
            });

            // When worker 0 is quarantined
            pool.signal(0, "KILL");
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 0, A_WHILE);
            pool.signal(0, "KILL");
            pool.events().await(WorkerGaveUp.class, e -> e.workerId() == 0, A_WHILE);
            // ...and the process moving its tasks is SIGKILLed as it starts
            Path log = pool.dir().resolve("supervisor-it.log");
            Pattern evacuation = Pattern.compile("worker 0 will not run again: moving its queued tasks to the others "
                    + "\\(pid (\\d+)\\)");
            long evacuator = await().atMost(A_WHILE).until(() -> {
                Matcher m = evacuation.matcher(Files.readString(log, StandardCharsets.UTF_8));
                return m.find() ? Long.parseLong(m.group(1)) : -1L;
            }, pid -> pid > 0);
            ProcessHandle.of(evacuator).ifPresent(ProcessHandle::destroyForcibly);

            // Then what was queued for it is moved (the evacuation runs again) and done by worker 1, each job once
            TestPool.awaitOutcomes(outcomes, submission, Duration.ofMinutes(2));
            assertThat(submission.resultCount()).isEqualTo(30);
            assertThat(submission.duplicates()).isZero();
            assertThat(pool.events().of(io.kpool.protocol.event.TasksRerouted.class))
                    .anySatisfy(e -> assertThat(e.count()).isPositive());
            assertThat(submission.results().values())
                    .anySatisfy(r -> {
                        assertThat(r.workerId()).isEqualTo(1);
                        assertThat(r.attempt()).isEqualTo(2);
                    });
        }
    }

    @Test
    void aJobThatRunsPastTheJobTimeoutGetsItsWorkerKilledAndEndsDeadLettered() {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 1, List.of("--handler", "sleep",
                "--job-timeout", "1s", "--shutdown-grace", "1s", "--heartbeat-interval", "200ms"), List.of());
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            Submission submission = pool.submit(submitter, List.of(60_000, 10));

            TestPool.awaitOutcomes(outcomes, submission, Duration.ofMinutes(2));

            assertThat(pool.events().of(WorkerCrashed.class)).hasSize(3)
                    .allSatisfy(c -> assertThat(c.reason()).isEqualTo("job_timeout"));
            assertThat(submission.deadLetters().get("job-1").reason()).isEqualTo("crashed_worker");
            assertThat(submission.results().get("job-2").output().intValue()).isEqualTo(10);
        }
    }
}
