package io.kpool.worker;

import static io.kpool.worker.MockWorkerKafka.SLOT;
import static io.kpool.worker.MockWorkerKafka.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.event.TasksRerouted;
import io.kpool.testkit.TestClock;
import io.kpool.transport.local.PoisonFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evacuator emptying slot 0's partition against Kafka's mock clients and a clock the test moves:
 * what it moves, in which transaction, and when it ends.
 */
class EvacuatorTest {

    private static final Duration IDLE_EXIT = Duration.ofSeconds(5);
    private static final Duration A_WHILE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final MockWorkerKafka kafka = new MockWorkerKafka();
    private Evacuator evacuator;
    private CompletableFuture<Long> running;

    @AfterEach
    void stop() throws Exception {
        if (evacuator != null) {
            clock.advance(Duration.ofDays(1));
            running.handle((ok, failure) -> null).get(10, TimeUnit.SECONDS);
            evacuator.close();
        }
    }

    @Test
    void movesTheTasksAfterTheSlotsPositionBackToTheJobsAsTheirNextAttemptWithThePositionInOneTransaction() {
        kafka.task("done", 1, clock.millis(), 1); // before the committed position: done already
        kafka.task("j1", 1, clock.millis(), 1);
        kafka.task("j2", 2, clock.millis(), 3);
        kafka.committedPosition(1, List.of(), clock.millis());

        start(null);

        await().atMost(A_WHILE).until(() -> running.isDone() || kafka.producer.commitCount() == 1);
        assertThat(kafka.committed(TOPICS.jobs(), Job.class)).extracting(Job::id, Job::attempt)
                .containsExactly(tuple("j1", 2), tuple("j2", 4));
        assertThat(kafka.committed(TOPICS.events(), TasksRerouted.class)).singleElement().satisfies(event -> {
            assertThat(event.count()).isEqualTo(2);
            assertThat(event.at()).isEqualTo(clock.millis());
        });
        assertThat(kafka.lastPosition().next()).isEqualTo(3);
    }

    @Test
    void aTaskWithAPoisonVerdictIsDeadLetteredInsteadOfMoved() {
        Path poison = dir.resolve("poison.json");
        PoisonFile.write(poison, List.of(new PoisonVerdict(0, "bad", new DeadLetter.Evidence(SLOT, List.of(
                new DeadLetter.Crash(1, 4242, 1, null, clock.millis(), List.of()))))), Set.of());
        kafka.committedPosition(0, List.of(), clock.millis());
        kafka.task("bad", -1, clock.millis(), 1);
        kafka.task("good", 1, clock.millis(), 1);

        start(poison);

        await().atMost(A_WHILE).until(() -> running.isDone() || kafka.producer.commitCount() == 1);
        assertThat(kafka.committed(TOPICS.deadLetters(), DeadLetter.class)).extracting(DeadLetter::jobId)
                .containsExactly("bad");
        assertThat(kafka.committed(TOPICS.jobs(), Job.class)).extracting(Job::id).containsExactly("good");
        assertThat(kafka.lastPosition().next()).isEqualTo(2);
    }

    @Test
    void endsOnceNoTaskHasComeForTheIdleTimeOnItsClock() throws Exception {
        kafka.committedPosition(0, List.of(), clock.millis());
        kafka.task("j1", 1, clock.millis(), 1);
        AtomicInteger polls = new AtomicInteger();
        kafka.tasks.beforePoll = polls::incrementAndGet;
        start(null);
        await().atMost(A_WHILE).until(() -> running.isDone() || kafka.producer.commitCount() == 1);

        clock.advance(IDLE_EXIT.minusMillis(1));
        int seen = polls.get();
        await().atMost(A_WHILE).until(() -> running.isDone() || polls.get() > seen + 3);
        assertThat(running).as("quiet for less than the idle time").isNotDone();

        clock.advance(Duration.ofMillis(1));

        assertThat(running.get(A_WHILE.toSeconds(), TimeUnit.SECONDS)).as("tasks moved").isEqualTo(1);
    }

    private void start(Path poisonFile) {
        WorkerConfig config = new WorkerConfig(MockWorkerKafka.KAFKA, SLOT, 2, "double", HandlerCatalog.none(),
                Duration.ofSeconds(1), 100, Duration.ofMinutes(1), 1, null, poisonFile, 0);
        evacuator = new Evacuator(config, kafka.clients("kpool-evacuate-" + SLOT, config.batchSize()), clock);
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return evacuator.run(IDLE_EXIT);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, r -> new Thread(r, "kpool-evacuate-" + SLOT).start());
    }
}
