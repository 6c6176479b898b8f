package io.kpool.worker;

import static io.kpool.worker.MockWorkerKafka.SLOT;
import static io.kpool.worker.MockWorkerKafka.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.supervision.Culprit;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.CancelOrder;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.protocol.Position;
import io.kpool.protocol.Result;
import io.kpool.testkit.TestClock;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's loop against Kafka's mock clients ({@link MockWorkerKafka}) and a clock the test
 * moves: what it writes, in which transaction, and how it ends. Slot 0, incarnation 2, the
 * {@code double} handler (a negative payload makes it throw), one task at a time. The slot has a
 * committed position (next: 0, unless a test says otherwise).
 */
class WorkerTest {

    private static final long INCARNATION = 2;
    private static final Duration A_WHILE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final MockWorkerKafka kafka = new MockWorkerKafka();
    private final MockProducer<String, byte[]> producer = kafka.producer;
    private Path poisonFile;
    private Worker worker;
    private CompletableFuture<Void> running;

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.stop();
            running.handle((ok, failure) -> null).get(10, TimeUnit.SECONDS);
            worker.close();
        }
    }

    @Test
    void runsATaskAndCommitsItsResultAndTheSlotsPositionInOneTransaction() {
        committedPosition(0, List.of());
        task("j1", 21);

        start();

        await().atMost(A_WHILE).until(() -> producer.commitCount() == 1);
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.positions());
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.jobId()).isEqualTo("j1");
            assertThat(r.output().asInt()).isEqualTo(42);
            assertThat(r.completedAt()).as("stamped by the worker's clock").isEqualTo(clock.millis());
        });
        assertThat(lastPosition().next()).isEqualTo(1);
        assertThat(lastPosition().at()).isEqualTo(clock.millis());
        assertThat(running).isNotDone();
    }

    @Test
    void aHandlerThatThrowsEscapesRunWithTheTransactionLeftOpenAndTheBlackBoxNamingTheJob() {
        committedPosition(0, List.of());
        task("j1", 1);
        task("j2", -1);

        start();

        await().atMost(A_WHILE).until(running::isDone);
        assertThat(failure()).isInstanceOf(HandlerFailedException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(producer.transactionInFlight()).as("left open, for the next incarnation to abort").isTrue();
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.transactionAborted()).isFalse();
        assertThat(producer.history()).as("nothing committed").isEmpty();
        assertThat(producer.uncommittedRecords()).extracting(ProducerRecord::key).containsExactly("j1");
        assertThat(BlackBox.culprits(dir.resolve("box"), INCARNATION)).containsExactly(new Culprit(1, "j2"));
    }

    @Test
    void aTaskWithAPoisonVerdictIsDeadLetteredInsteadOfRun() {
        poisonFile = dir.resolve("poison.json");
        PoisonFile.write(poisonFile, List.of(new PoisonVerdict(0, "bad", new DeadLetter.Evidence(SLOT, List.of(
                new DeadLetter.Crash(1, 4242, null, "SIGKILL", clock.millis(), List.of()))))), Set.of());
        committedPosition(0, List.of());
        task("bad", -1); // it would crash the worker if it ran
        task("good", 2);

        start();

        awaitCommittedUpTo(2);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.jobId()).isEqualTo("bad");
            assertThat(letter.reason()).isEqualTo("crashed_worker");
            assertThat(letter.origin()).isEqualTo(new DeadLetter.Origin(TOPICS.tasks(), SLOT, 0));
            assertThat(letter.evidence().crashes()).hasSize(1);
            assertThat(letter.at()).isEqualTo(clock.millis());
        });
        assertThat(results()).extracting(Result::jobId).containsExactly("good");
    }

    @Test
    void aTaskOfAJobCancelledBeforeTheTakeoverIsDeadLetteredInsteadOfRun() {
        kafka.cancels.add(new ProducerRecord<>(TOPICS.cancels(), "gone", Json.encode(new CancelOrder("gone", 7,
                clock.millis()))));
        committedPosition(0, List.of());
        task("gone", -1, 7);
        task("kept", 3);

        start();

        awaitCommittedUpTo(2);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.jobId()).isEqualTo("gone");
            assertThat(letter.reason()).isEqualTo("cancelled");
        });
        assertThat(results()).extracting(Result::jobId).containsExactly("kept");
    }

    @Test
    void tasksDoneAheadOfTheCommittedPositionAreNotRunAgain() {
        committedPosition(0, List.of(1L));
        task("j0", 1);
        task("j1", -1); // done by the predecessor: it would crash the worker if it ran again
        task("j2", 2);

        start();

        awaitCommittedUpTo(3);
        assertThat(results()).extracting(Result::jobId).containsExactly("j0", "j2");
        assertThat(lastPosition().done()).isEmpty();
    }

    @Test
    void stopCommitsWhatRanAndReturnsLeavingWhatWasOnlyFetchedToTheNextIncarnation() throws Exception {
        committedPosition(0, List.of());
        task("j1", 1);
        // the first poll after j1's result joined the open transaction brings j2 and a stop
        kafka.tasks.beforePoll = () -> {
            if (producer.transactionInFlight()) {
                kafka.tasks.beforePoll = () -> { };
                task("j2", 2);
                worker.stop();
            }
        };
        start();

        running.get(A_WHILE.toSeconds(), TimeUnit.SECONDS);

        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(results()).extracting(Result::jobId).containsExactly("j1");
        assertThat(lastPosition().next()).isEqualTo(1);
    }

    @Test
    void aWorkerFencedByANewerIncarnationEndsWithTheFenceNotAsAHandlerFailure() {
        producer.commitTransactionException = new ProducerFencedException("incarnation 2 of slot 0 took over");
        committedPosition(0, List.of());
        task("j1", 1);

        start();

        await().atMost(A_WHILE).until(running::isDone);
        assertThat(failure()).isInstanceOf(ProducerFencedException.class);
        assertThat(producer.history()).as("nothing committed").isEmpty();
    }

    @Test
    void heartbeatsCarryTheTimeOfTheWorkersClock() {
        committedPosition(0, List.of());
        start();

        await().atMost(A_WHILE).until(() -> beats().stream().anyMatch(b -> b.at() == clock.millis()));
        clock.advance(Duration.ofHours(1));

        await().atMost(A_WHILE).until(() -> beats().stream().anyMatch(b -> b.at() == clock.millis()));
        assertThat(beats()).allSatisfy(b -> {
            assertThat(b.workerId()).isEqualTo(SLOT);
            assertThat(b.incarnation()).isEqualTo(INCARNATION);
        });
    }

    private void start() {
        WorkerConfig config = new WorkerConfig(MockWorkerKafka.KAFKA, SLOT, INCARNATION, "double", HandlerCatalog.none(),
                Duration.ofMillis(50), 100, Duration.ofMinutes(1), 1, dir.resolve("box"), poisonFile, 0);
        worker = new Worker(config, kafka.clients("kpool-worker-" + SLOT, config.batchSize()), clock);
        running = CompletableFuture.runAsync(() -> {
            try {
                worker.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, r -> new Thread(r, "kpool-worker-" + SLOT).start());
    }

    /** Waits until the slot's position is committed at {@code next}, the worker still running. */
    private void awaitCommittedUpTo(long next) {
        await().atMost(A_WHILE).until(() -> running.isDone() || lastPosition().next() == next);
        assertThat(running).as("the worker runs on").isNotDone();
        assertThat(producer.transactionCommitted()).isTrue();
    }

    private Throwable failure() {
        return running.handle((ok, e) -> e.getCause()).join();
    }

    private void committedPosition(long next, List<Long> done) {
        kafka.committedPosition(next, done, clock.millis());
    }

    private void task(String jobId, int payload) {
        task(jobId, payload, clock.millis());
    }

    private void task(String jobId, int payload, long submittedAt) {
        kafka.task(jobId, payload, submittedAt, 1);
    }

    private List<Result> results() {
        return kafka.committed(TOPICS.results(), Result.class);
    }

    private List<DeadLetter> deadLetters() {
        return kafka.committed(TOPICS.deadLetters(), DeadLetter.class);
    }

    private Position lastPosition() {
        return kafka.lastPosition();
    }

    private List<Heartbeat> beats() {
        return MockWorkerKafka.sent(kafka.heartbeats, TOPICS.heartbeats(), Heartbeat.class);
    }

}
