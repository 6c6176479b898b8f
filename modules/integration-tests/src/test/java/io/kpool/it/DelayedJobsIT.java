package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.CancelAnswer;
import io.kpool.client.Canceller;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.client.Audit;
import io.kpool.client.AuditReport;
import io.kpool.bench.DelayRun;
import io.kpool.embedded.EmbeddedKafka;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs that carry a time to run: held by the dispatcher on {@code <prefix>.delayed} until then,
 * never routed before it, once, across a dispatcher SIGKILLed, a worker SIGKILLed and the broker
 * stopped and started again while they wait; one still waiting after all that is cancelled at once.
 */
@ExtendWith(SharedBroker.class)
class DelayedJobsIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aDelayedJobIsRoutedNotBeforeItsTimeAndOnceWhileJobsAtOnceAndTimesPastAreNotHeld() {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            long now = System.currentTimeMillis();
            Submission submission = new Submission();
            List.of("at-once", "after-3s", "at-4s", "long-past", "bad-time").forEach(submission::expect);
            submitter.submit(new Job("at-once", Json.mapper().valueToTree(1)));
            submitter.submit(new Job("after-3s", Json.mapper().valueToTree(2)).after("3s"));
            submitter.submit(new Job("at-4s", Json.mapper().valueToTree(3)).at(now + 4000));
            submitter.submit(new Job("long-past", Json.mapper().valueToTree(4)).at(1));
            submitter.send("bad-time", "{\"id\": \"bad-time\", \"payload\": 5, \"runAt\": \"tomorrow\"}"
                    .getBytes(StandardCharsets.UTF_8));
            submitter.flush();

            TestPool.awaitOutcomes(outcomes, submission, Duration.ofSeconds(60));

            assertThat(submission.results().keySet()).containsExactlyInAnyOrder("at-once", "after-3s", "at-4s",
                    "long-past");
            assertThat(submission.results().get("after-3s").output().intValue()).isEqualTo(4);
            DeadLetter bad = submission.deadLetters().get("bad-time");
            assertThat(bad.reason()).isEqualTo("invalid_run_at");
            assertThat(bad.detail()).contains("\"runAt\" must be a time in epoch milliseconds");

            Map<String, Task> tasks = tasks(pool.kafka(), 4);
            Task afterDelay = tasks.get("after-3s");
            assertThat(afterDelay.runAt()).as("a delay counts from the job's record time")
                    .isEqualTo(afterDelay.submittedAt() + 3000);
            assertThat(afterDelay.dispatchedAt()).as("not routed before its time").isGreaterThanOrEqualTo(afterDelay.runAt());
            assertThat(tasks.get("at-4s").runAt()).isEqualTo(now + 4000);
            assertThat(tasks.get("at-4s").dispatchedAt()).isGreaterThanOrEqualTo(now + 4000);
            assertThat(tasks.get("at-once").runAt()).isNull();
            assertThat(tasks.get("long-past").runAt()).isEqualTo(1);

            // Held on the delayed topic, then ended with a tombstone; the others never went there.
            List<ConsumerRecord<String, byte[]>> held = TestPool.records(pool.kafka(), pool.kafka().topics().delayed());
            assertThat(held).extracting(r -> r.key().substring(0, r.key().indexOf('@')))
                    .containsExactlyInAnyOrder("after-3s", "after-3s", "at-4s", "at-4s");
            assertThat(held.stream().filter(r -> r.value() == null)).as("tombstones").hasSize(2);

            // kpool bench delay's measure: many waiting at once, none early, none lost
            DelayRun run = DelayRun.measure(pool.kafka(), 300, Duration.ofSeconds(3), Duration.ofSeconds(1));
            assertThat(run.early()).as("routed before their time").isZero();
            assertThat(run.missing()).isZero();
            assertThat(run.routed().count()).isEqualTo(300);
            assertThat(run.completed().count()).isEqualTo(300);
        }
    }

    @Test
    void delayedJobsWaitAcrossADispatcherKilledAWorkerKilledAndTheBrokerRestartedAndRunOnceOrAreCancelled(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path data) throws Exception {
        int port = freePort();
        EmbeddedKafka[] broker = {EmbeddedKafka.start(port, data)};
        KafkaSettings kafka = new KafkaSettings("localhost:" + port, new Topics("delayed"));
        try (TestPool pool = TestPool.empty(kafka.bootstrap(), dir, 2)) {
            pool.startSupervisor("it", List.of("--workers", "2"));
            Process dispatcher = pool.startDispatcher(List.of());
            pool.awaitAllAlive();
            pool.awaitDispatcherSeesAll();
            Submission submission = new Submission();
            int jobs = 200;
            try (JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
                // spread over 10 s to 14 s from now: all wait through the kills and the restart
                long first = System.currentTimeMillis() + 10_000;
                IntStream.range(0, jobs).forEach(i -> {
                    submission.expect("d-" + i);
                    submitter.submit(new Job("d-" + i, Json.mapper().valueToTree(i)).at(first + i * 20L));
                });
                // and one for an hour from now, cancelled after the restarts
                submitter.submit(new Job("in-an-hour", Json.mapper().valueToTree(-1)).after("1h"));
                submitter.flush();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .alias("every job held on the delayed topic")
                    .until(() -> TestPool.records(pool.kafka(), pool.kafka().topics().delayed()).size() == jobs + 1);

            dispatcher.destroyForcibly().waitFor();
            pool.signal(0, "KILL");
            broker[0].close();
            broker[0] = EmbeddedKafka.start(port, data);
            pool.startDispatcher(List.of());

            try (Outcomes outcomes = Outcomes.fromBeginning(pool.kafka())) {
                TestPool.awaitOutcomes(outcomes, submission, Duration.ofSeconds(120));
                for (int i = 0; i < 10; i++) {
                    outcomes.poll(Duration.ofMillis(200), submission::accept, submission::accept);
                }
            }
            assertThat(submission.resultCount()).isEqualTo(jobs);
            assertThat(submission.duplicates()).as("jobs done twice").isZero();

            // the job still waiting, taken over by the new dispatcher, is cancelled there and then
            List<CancelAnswer> answers = Canceller.cancel(pool.kafka(), List.of("in-an-hour"), Duration.ofMinutes(10),
                    Duration.ofSeconds(60));
            assertThat(answers).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo(CancelAnswer.Kind.CANCELLED);
                assertThat(a.describe()).startsWith("in-an-hour: cancelled (was waiting to run at ");
            });
            assertThat(TestPool.records(pool.kafka(), pool.kafka().topics().delayed()).stream()
                    .filter(r -> r.key().startsWith("in-an-hour@") && r.value() == null)).as("its tombstone").hasSize(1);
            submission.results().forEach((id, r) -> assertThat(r.output().intValue())
                    .isEqualTo(2 * Integer.parseInt(id.substring(2))));
            Map<String, Task> tasks = tasks(pool.kafka(), jobs);
            assertThat(tasks.values()).allSatisfy(t -> assertThat(t.dispatchedAt()).as(t.jobId() + " not before its time")
                    .isGreaterThanOrEqualTo(t.runAt()));
            AuditReport audit = Audit.run(pool.kafka(), 10, progress -> { });
            assertThat(audit.missing().count()).as("kpool audit: missing").isZero();
            assertThat(audit.duplicated().count()).as("kpool audit: duplicated").isZero();
            assertThat(audit.waiting()).as("kpool audit: waiting").isZero();
            assertThat(audit.deadLettersByReason()).containsEntry("cancelled", 1L);
        } finally {
            broker[0].close();
        }
    }

    /** The tasks on the tasks topic by job id, once {@code count} are there; fails on a job routed twice. */
    private static Map<String, Task> tasks(KafkaSettings kafka, int count) {
        Map<String, Task> tasks = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).alias(count + " tasks")
                .until(() -> {
                    tasks.clear();
                    for (ConsumerRecord<String, byte[]> r : TestPool.records(kafka, kafka.topics().tasks())) {
                        Task task = Json.decode(r.value(), Task.class);
                        assertThat(tasks.put(task.jobId(), task)).as(task.jobId() + " routed twice").isNull();
                    }
                    return tasks.size() >= count;
                });
        return tasks;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
