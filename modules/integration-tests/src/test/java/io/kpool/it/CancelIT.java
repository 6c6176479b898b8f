package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.Audit;
import io.kpool.client.AuditReport;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.CancelOrder;
import io.kpool.protocol.CancelRequest;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.CancelRefused;
import io.kpool.protocol.event.JobDeadLettered;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerStopped;
import io.kpool.transport.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation on a real pool: a queued job cancelled never runs, a running job's worker stops
 * and is restarted with nobody blamed, an unknown or finished job is left alone, and, with cancels
 * racing the jobs' starts while a worker is SIGKILLed, every job still has exactly one outcome.
 */
@ExtendWith(SharedBroker.class)
class CancelIT {

    private static final Duration A_WHILE = Duration.ofSeconds(120);
    private static final List<String> SLEEP = List.of("--handler", "sleep");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aQueuedJobNeverRunsARunningJobStopsItsWorkerAndAnUnknownOrFinishedJobIsLeftAlone() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 1, SLEEP, SLEEP);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            Submission submission = new Submission();

            // (c) a finished job: found, nothing sent
            submit(submitter, submission, "done", 10);
            awaitOutcomes(outcomes, submission, "done");
            KpoolRun finished = KpoolRun.on(pool, "cancel", "done");
            assertThat(finished.status()).isEqualTo(1);
            assertThat(finished.out()).isEqualTo("done: already finished (result) — nothing changed\n");

            // (c) an unknown job: refused by the dispatcher, nothing else written
            KpoolRun unknown = KpoolRun.on(pool, "cancel", "nosuch");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.out()).isEqualTo("nosuch: unknown job (no job with this id was accepted within the "
                    + "dedupe window) — nothing changed\n");
            assertThat(pool.events().of(CancelRefused.class)).singleElement().satisfies(r -> {
                assertThat(r.jobId()).isEqualTo("nosuch");
                assertThat(r.reason()).isEqualTo("unknown");
            });

            // (a) a job queued behind a slow one is cancelled: it never runs
            submit(submitter, submission, "slow", 4000);
            submit(submitter, submission, "queued", 10);
            awaitRunning(pool, "slow");
            KpoolRun queued = KpoolRun.on(pool, "cancel", "queued");
            assertThat(queued.status()).isZero();
            assertThat(queued.out()).isEqualTo("queued: cancelled (was queued for worker 0)\n");
            awaitOutcomes(outcomes, submission, "slow");
            assertThat(submission.results()).containsKey("slow").doesNotContainKey("queued");
            assertThat(submission.deadLetters().get("queued").reason()).isEqualTo("cancelled");

            // (b) a running job is cancelled: its worker stops (exit 5) and is restarted; the jobs behind it run
            submit(submitter, submission, "long", 60_000);
            submit(submitter, submission, "behind-1", 10);
            submit(submitter, submission, "behind-2", 10);
            awaitRunning(pool, "long");
            long restartsBefore = pool.worker(0).restarts();
            KpoolRun running = KpoolRun.on(pool, "cancel", "long");
            assertThat(running.status()).isZero();
            assertThat(running.out()).isEqualTo("long: cancelled (was running on worker 0)\n");
            WorkerStopped stopped = pool.events().await(WorkerStopped.class,
                    s -> WorkerStopped.CANCELLED.equals(s.reason()), A_WHILE);
            assertThat(stopped.jobId()).isEqualTo("long");
            assertThat(stopped.exitCode()).isEqualTo(5);
            awaitOutcomes(outcomes, submission, "behind-1", "behind-2");
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);

            assertThat(submission.results()).containsOnlyKeys("done", "slow", "behind-1", "behind-2");
            assertThat(submission.deadLetters()).containsOnlyKeys("queued", "long");
            assertThat(submission.deadLetters().get("long").reason()).isEqualTo("cancelled");
            assertThat(submission.duplicates()).isZero();
            assertThat(pool.events().of(WorkerCrashed.class)).as("a stop to cancel is no crash").isEmpty();
            assertThat(pool.events().of(JobDeadLettered.class)).extracting(JobDeadLettered::jobId, JobDeadLettered::reason)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("queued", "cancelled"),
                            org.assertj.core.groups.Tuple.tuple("long", "cancelled"));
            await().atMost(A_WHILE).until(() -> pool.worker(0).alive());
            assertThat(pool.worker(0).restarts()).as("not counted as a crash restart").isEqualTo(restartsBefore);
            assertThat(lastStatus(pool.kafka(), 0).suspects()).as("no poison suspect").isEmpty();

            // one outcome each, and only what was asked for was written
            Map<String, Long> cancelRequests = countByKey(TestPool.records(pool.operator(), pool.kafka().topics().jobs()), true);
            assertThat(cancelRequests).as("cancel requests on the jobs topic")
                    .containsOnly(Map.entry("nosuch", 1L), Map.entry("queued", 1L), Map.entry("long", 1L));
            assertThat(TestPool.records(pool.operator(), pool.kafka().topics().cancels())).extracting(r ->
                    Json.decode(r.value(), CancelOrder.class).jobId()).containsExactlyInAnyOrder("queued", "long");
            AuditReport audit = Audit.run(pool.operator(), 10, progress -> { });
            assertThat(audit.passed()).as(audit.toString()).isTrue();
            assertThat(audit.cancelRequests()).isEqualTo(3);
        }
    }

    @Test
    void cancelsRacingTheJobsStartsWhileAWorkerIsKilledLeaveEachJobExactlyOneOutcome() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("CancelIT races: seed " + seed);
        int jobs = 60;
        ScheduledExecutorService cancels = Executors.newSingleThreadScheduledExecutor();
        // two workers running 3 jobs at once: a worker that stops for a cancelled job takes the
        // others running with it down too, and they must run again, once
        List<String> workers = List.of("--handler", "sleep", "--concurrency", "3");
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2, workers, SLEEP);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            Submission submission = new Submission();
            Set<String> asked = new HashSet<>();
            // jobs of 100-1,300 ms (about 6 s for 6 lanes); about half are cancelled at a random moment
            // within 8 s, so some cancels come before, some while, some after they start
            for (int i = 0; i < jobs; i++) {
                String id = "race-" + i;
                submit(submitter, submission, id, 100 + random.nextInt(1_200));
                if (random.nextBoolean()) {
                    asked.add(id);
                    long delay = random.nextInt(8_000);
                    cancels.schedule(() -> submitter.send(id, Json.encode(new CancelRequest(id))), delay,
                            TimeUnit.MILLISECONDS);
                }
            }
            submitter.flush();
            // SIGKILL worker 0 once some jobs have their outcomes, while the others run and are cancelled
            await().atMost(A_WHILE).pollInSameThread().until(() -> {
                outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
                return submission.expected() - submission.pendingCount() >= 8;
            });
            long killed = pool.signal(0, "KILL");
            cancels.shutdown();
            assertThat(cancels.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            submitter.flush();
            TestPool.awaitOutcomes(outcomes, submission, Duration.ofMinutes(4));

            // every job: exactly one outcome, a result xor a cancelled dead letter
            Map<String, List<Result>> results = new HashMap<>();
            Map<String, List<DeadLetter>> letters = new HashMap<>();
            try (Outcomes all = Outcomes.fromBeginning(pool.kafka())) {
                await().atMost(A_WHILE).pollInSameThread().until(() -> {
                    all.poll(Duration.ofMillis(200), r -> results.computeIfAbsent(r.jobId(), k -> new ArrayList<>()).add(r),
                            l -> letters.computeIfAbsent(l.jobId(), k -> new ArrayList<>()).add(l));
                    return results.size() + letters.size() >= jobs;
                });
                all.poll(Duration.ofMillis(500), r -> results.computeIfAbsent(r.jobId(), k -> new ArrayList<>()).add(r),
                        l -> letters.computeIfAbsent(l.jobId(), k -> new ArrayList<>()).add(l));
            }
            for (int i = 0; i < jobs; i++) {
                String id = "race-" + i;
                int r = results.getOrDefault(id, List.of()).size();
                int l = letters.getOrDefault(id, List.of()).size();
                assertThat(r + l).as("outcomes of " + id + " (seed " + seed + ")").isEqualTo(1);
                if (l == 1) {
                    assertThat(letters.get(id).get(0).reason()).as(id).isEqualTo("cancelled");
                    assertThat(asked).as("a cancelled job was asked to be cancelled").contains(id);
                }
            }
            long cancelled = letters.values().stream().filter(l -> l.get(0).reason().equals("cancelled")).count();
            long stoppedRunning = pool.events().of(WorkerStopped.class).stream()
                    .filter(s -> WorkerStopped.CANCELLED.equals(s.reason())).count();
            System.out.printf("CancelIT races: %d jobs, %d asked to cancel, %d cancelled (%d while running), %d "
                    + "results; worker 0 (pid %d) SIGKILLed%n", jobs, asked.size(), cancelled, stoppedRunning,
                    results.size(), killed);
            assertThat(cancelled).as("some cancels took effect").isPositive();
            assertThat(results.values()).as("a result of every job that ran").allSatisfy(r ->
                    assertThat(r).singleElement());
            assertThat(pool.events().of(WorkerCrashed.class)).as("only the SIGKILL is a crash")
                    .allSatisfy(c -> assertThat(c.signal()).isEqualTo("KILL"));
            AuditReport audit = Audit.run(pool.operator(), 10, progress -> { });
            assertThat(audit.passed()).as(audit.toString()).isTrue();
            assertThat(audit.accepted()).isEqualTo(jobs);
            assertThat(audit.cancelRequests()).isEqualTo(asked.size());
        } finally {
            cancels.shutdownNow();
        }
    }

    @Test
    void aProcessHandlersChildDiesWithTheWorkerThatStopsForACancelledJob() throws Exception {
        Path nap = dir.resolve("nap.py");
        java.nio.file.Files.writeString(nap, String.join("\n",
                "import json, sys, time",
                "for line in sys.stdin:",
                "    job = json.loads(line)",
                "    time.sleep(job['payload'] / 1000)",
                "    print(json.dumps({'id': job['id'], 'output': job['payload']}), flush=True)", ""));
        List<String> handler = List.of("--handler", "exec:python3 " + nap);
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 1, handler, handler);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            Submission submission = new Submission();
            submit(submitter, submission, "nap", 60_000);
            awaitRunning(pool, "nap");
            long child = handlerPids(pool).get(0);
            assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);

            KpoolRun run = KpoolRun.on(pool, "cancel", "nap");

            assertThat(run.out()).isEqualTo("nap: cancelled (was running on worker 0)\n");
            await().atMost(Duration.ofSeconds(10)).alias("the handler process " + child + " gone")
                    .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
            submit(submitter, submission, "after", 10);
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.results()).containsOnlyKeys("after");
            assertThat(handlerPids(pool)).as("the next incarnation's own child").hasSize(2).doesNotHaveDuplicates();
        }
    }

    /** The pids of the handler processes the pool's workers started, in the order they started. */
    private static List<Long> handlerPids(TestPool pool) throws java.io.IOException {
        java.util.regex.Pattern started = java.util.regex.Pattern.compile("handler process '.*' started \\(pid (\\d+)\\)");
        List<Long> pids = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(pool.dir().resolve("supervisor-it.log"))) {
            java.util.regex.Matcher m = started.matcher(line);
            if (m.find()) {
                pids.add(Long.valueOf(m.group(1)));
            }
        }
        return pids;
    }

    @Test
    void aDispatcherStartedAfterACancelOrderDeadLettersTheJobKpoolMovesBack() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 1);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // an order given by a dispatcher that is gone, on the cancels topic before this one starts
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pool.kafka().producer("it-orders"))) {
                producer.send(new ProducerRecord<>(pool.kafka().topics().cancels(), "moved", Json.encode(
                        new CancelOrder("moved", 1_000L, System.currentTimeMillis())))).get();
            }
            pool.startSupervisor("it", List.of("--workers", "1"));
            pool.startDispatcher(List.of());
            pool.awaitAllAlive();
            pool.awaitDispatcherSeesAll();
            Submission submission = new Submission();
            submission.expect("moved");
            submission.expect("fresh");

            // what kpool writes when it moves a job back off a slot that gave up: a later attempt
            submitter.submit(new Job("moved", IntNode.valueOf(10), null, 2));
            submitter.submit(new Job("fresh", IntNode.valueOf(10)));
            submitter.flush();
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);

            assertThat(submission.deadLetters()).containsOnlyKeys("moved");
            assertThat(submission.deadLetters().get("moved").reason()).isEqualTo("cancelled");
            assertThat(submission.results()).containsOnlyKeys("fresh");
        }
    }

    private static void submit(JobSubmitter submitter, Submission submission, String id, int millis) {
        submission.expect(id);
        submitter.submit(new Job(id, IntNode.valueOf(millis)));
        submitter.flush();
    }

    private static void awaitOutcomes(Outcomes outcomes, Submission submission, String... ids) {
        await().atMost(A_WHILE).pollInSameThread().alias("outcomes of " + List.of(ids)).until(() -> {
            outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
            return List.of(ids).stream().allMatch(id -> !submission.pendingIds().contains(id));
        });
    }

    /** Waits until worker 0's heartbeats say it runs {@code jobId}. */
    private static void awaitRunning(TestPool pool, String jobId) {
        await().atMost(A_WHILE).pollInterval(Duration.ofMillis(100)).alias("worker 0 running " + jobId)
                .until(() -> jobId.equals(pool.worker(0).currentJob()));
    }

    /** Cancel requests ({@code cancels}) or jobs on the jobs topic, counted by key. */
    private static Map<String, Long> countByKey(List<ConsumerRecord<String, byte[]>> records, boolean cancels) {
        Map<String, Long> counts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (Json.tree(r.value()).has("cancel") == cancels) {
                counts.merge(r.key(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The last state a slot's supervisor published. */
    private static WorkerStatus lastStatus(KafkaSettings kafka, int slot) {
        WorkerStatus last = null;
        for (ConsumerRecord<String, byte[]> r : TestPool.records(kafka, kafka.topics().workers())) {
            if (String.valueOf(slot).equals(r.key()) && r.value() != null) {
                last = Json.decode(r.value(), WorkerStatus.class);
            }
        }
        return last;
    }
}
