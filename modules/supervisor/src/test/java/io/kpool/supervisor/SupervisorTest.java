package io.kpool.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.supervision.RestartPolicy;
import io.kpool.core.supervision.Signal;
import io.kpool.core.supervision.SupervisorPolicy;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.protocol.Topics;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.SupervisorGaveUp;
import io.kpool.protocol.event.SupervisorStarted;
import io.kpool.protocol.event.SupervisorStopped;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.testkit.TestClock;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.local.ProcessLifecycle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor's loop against Kafka's mock clients, processes that are only pids, and a clock the
 * test moves: what it starts, publishes and restarts, and when it stops. Two slots (0 and 1),
 * one_for_one, the core's real {@code Supervision}. A fake process ends when it is sent SIGTERM or
 * SIGKILL (status 128 + the signal), or when the test says so.
 */
class SupervisorTest {

    private static final Topics TOPICS = new Topics("t");
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    private static final TopicPartition WORKERS = new TopicPartition(TOPICS.workers(), 0);
    private static final TopicPartition BEATS = new TopicPartition(TOPICS.heartbeats(), 0);
    private static final Duration A_WHILE = Duration.ofSeconds(10);

    @TempDir
    Path runDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final Reader heartbeats = new Reader(List.of(BEATS));
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final FakeProcesses processes = new FakeProcesses();
    private Supervisor supervisor;
    private CompletableFuture<Boolean> running;
    private long nextBeatOffset;

    @AfterEach
    void stop() throws Exception {
        if (supervisor != null) {
            supervisor.stop();
            if (running != null) {
                running.handle((gaveUp, failure) -> null).get(10, TimeUnit.SECONDS);
            }
            supervisor.close();
        }
    }

    @Test
    void startsAWorkerForEverySlotWithItsOwnBlackBoxAndPoisonFile() {
        start(SupervisorPolicy.ofDefaults());

        await().atMost(A_WHILE).until(() -> processes.launches().size() == 2);
        assertThat(processes.launches()).containsExactly(expectedLaunch(0), expectedLaunch(1));
        assertThat(runDir.resolve("worker-0.poison.json")).exists();
        await().atMost(A_WHILE).until(() -> events().stream().anyMatch(SupervisorStarted.class::isInstance));
        await().atMost(A_WHILE).until(() -> statuses().size() >= 2);
        assertThat(statuses()).extracting(WorkerStatus::workerId, WorkerStatus::state)
                .contains(tuple(0, "starting"),
                        tuple(1, "starting"));
    }

    @Test
    void aHeartbeatReadFromKafkaMakesItsSlotRunningAndThatIsPublished() {
        start(SupervisorPolicy.ofDefaults());
        await().atMost(A_WHILE).until(() -> processes.launches().size() == 2);

        heartbeat(0, 1);

        await().atMost(A_WHILE).until(() -> latestState(0).equals("running"));
        assertThat(latestStatus(0).pid()).isEqualTo(processes.pidOf(0, 1));
        assertThat(latestState(1)).isEqualTo("starting");
        assertThat(events()).filteredOn(WorkerStarted.class::isInstance).singleElement()
                .satisfies(e -> assertThat(e.slot()).isZero());
    }

    @Test
    void aWorkerThatExitsIsRestartedAloneAsItsNextIncarnationAndBothAreAnnounced() {
        start(SupervisorPolicy.ofDefaults());
        await().atMost(A_WHILE).until(() -> processes.launches().size() == 2);
        heartbeat(0, 1);
        await().atMost(A_WHILE).until(() -> latestState(0).equals("running"));

        processes.exit(0, 1, 1);

        await().atMost(A_WHILE).until(() -> processes.launched(0, 2));
        heartbeat(0, 2);
        await().atMost(A_WHILE).until(() -> events().stream().anyMatch(WorkerRestarted.class::isInstance));
        assertThat(events()).filteredOn(WorkerCrashed.class::isInstance).singleElement().satisfies(e -> {
            WorkerCrashed crashed = (WorkerCrashed) e;
            assertThat(crashed.workerId()).isZero();
            assertThat(crashed.incarnation()).isEqualTo(1);
            assertThat(crashed.reason()).isEqualTo("exit");
            assertThat(crashed.exitCode()).isEqualTo(1);
        });
        assertThat(events()).filteredOn(WorkerRestarted.class::isInstance).singleElement().satisfies(e -> {
            WorkerRestarted restarted = (WorkerRestarted) e;
            assertThat(restarted.workerId()).isZero();
            assertThat(restarted.incarnation()).isEqualTo(2);
            assertThat(restarted.restarts()).isEqualTo(1);
        });
        assertThat(processes.launches()).as("one_for_one: slot 1 is left alone")
                .filteredOn(l -> ((WorkerLaunch.Run) l.mode()).slot() == 1).hasSize(1);
        assertThat(processes.signals()).isEmpty();
    }

    @Test
    void aRunningWorkerWhoseHeartbeatsStopIsKilledAndRestarted() {
        start(SupervisorPolicy.ofDefaults());
        await().atMost(A_WHILE).until(() -> processes.launches().size() == 2);
        heartbeat(0, 1);
        await().atMost(A_WHILE).until(() -> latestState(0).equals("running"));
        assertThat(processes.signals()).isEmpty();

        clock.advance(HEARTBEAT_TIMEOUT.plusSeconds(1));

        await().atMost(A_WHILE).until(() -> processes.launched(0, 2));
        assertThat(processes.signals()).containsExactly(new FakeProcesses.Signalled(processes.pidOf(0, 1),
                Signal.TERM));
        assertThat(events()).filteredOn(WorkerCrashed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((WorkerCrashed) e).reason()).isEqualTo("heartbeat_timeout"));
    }

    @Test
    void restartsFasterThanTheIntensityAllowsMakeItGiveUpStopEveryWorkerAndReturn() {
        start(SupervisorPolicy.ofDefaults().withRestart(RestartPolicy.oneForOne()
                .withIntensity(1, Duration.ofSeconds(60))));
        await().atMost(A_WHILE).until(() -> processes.launches().size() == 2);

        processes.exit(0, 1, 1);
        await().atMost(A_WHILE).until(() -> processes.launched(0, 2));
        processes.exit(0, 2, 1);

        assertThat(running).succeedsWithin(A_WHILE).isEqualTo(true);
        assertThat(processes.signals()).as("slot 1 drained")
                .contains(new FakeProcesses.Signalled(processes.pidOf(1, 1), Signal.TERM));
        assertThat(processes.launched(0, 3)).isFalse();
        await().atMost(A_WHILE).until(() -> events().stream().anyMatch(SupervisorStopped.class::isInstance));
        assertThat(events()).filteredOn(SupervisorGaveUp.class::isInstance).hasSize(1);
        assertThat(events()).filteredOn(SupervisorStopped.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((SupervisorStopped) e).reason()).isEqualTo("gave_up"));
    }

    @Test
    void aWorkerThatKafkaRefusesStopsEveryWorkerInsteadOfRestartingIt() {
        start(SupervisorPolicy.ofDefaults());
        await().atMost(A_WHILE).until(() -> processes.launches().size() == 2);

        processes.exit(0, 1, ProcessLifecycle.SETTING_REFUSED);

        assertThat(running).failsWithin(A_WHILE).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(WorkersRefusedException.class)
                .withMessageContaining("worker 0 (incarnation 1, pid " + processes.pidOf(0, 1) + ") was refused");
        assertThat(processes.launched(0, 2)).isFalse();
        assertThat(processes.signals()).contains(new FakeProcesses.Signalled(processes.pidOf(1, 1), Signal.TERM));
    }

    @Test
    void stopDrainsEveryWorkerAndReturnsWithoutGivingUp() {
        start(SupervisorPolicy.ofDefaults());
        await().atMost(A_WHILE).until(() -> processes.launches().size() == 2);

        supervisor.stop();

        assertThat(running).succeedsWithin(A_WHILE).isEqualTo(false);
        assertThat(processes.signals()).containsExactlyInAnyOrder(
                new FakeProcesses.Signalled(processes.pidOf(0, 1), Signal.TERM),
                new FakeProcesses.Signalled(processes.pidOf(1, 1), Signal.TERM));
        await().atMost(A_WHILE).until(() -> events().stream().anyMatch(SupervisorStopped.class::isInstance));
        assertThat(events()).filteredOn(SupervisorStopped.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((SupervisorStopped) e).reason()).isEqualTo("shutdown"));
    }

    private void start(SupervisorPolicy policy) {
        SupervisorConfig config = new SupervisorConfig(new KafkaSettings("localhost:9", TOPICS), "s", List.of(0, 1),
                policy.withHeartbeatTimeout(HEARTBEAT_TIMEOUT), "double", HandlerCatalog.none(),
                Duration.ofMillis(500), runDir, List.of("java"), launch -> List.of("worker"), 0, null, 0, null, null,
                1);
        supervisor = new Supervisor(config, new SimpleMeterRegistry(), new Clients(), clock, processes);
        running = CompletableFuture.supplyAsync(supervisor::run);
    }

    private WorkerLaunch expectedLaunch(int slot) {
        return new WorkerLaunch("localhost:9", "t", null, "double", null, Duration.ofMillis(500), 1,
                new WorkerLaunch.Run(slot, 1, runDir.resolve("worker-" + slot + ".blackbox"),
                        runDir.resolve("worker-" + slot + ".poison.json")), ProcessHandle.current().pid());
    }

    private void heartbeat(int slot, long incarnation) {
        heartbeats.addRecord(new ConsumerRecord<>(TOPICS.heartbeats(), 0, nextBeatOffset++, String.valueOf(slot),
                Json.encode(new Heartbeat(slot, incarnation, processes.pidOf(slot, incarnation), 0, 0, 0, null, null,
                        clock.millis()))));
    }

    private List<PoolEvent> events() {
        return producer.history().stream().filter(r -> r.topic().equals(TOPICS.events()))
                .map(r -> Json.decode(r.value(), PoolEvent.class)).toList();
    }

    private List<WorkerStatus> statuses() {
        return producer.history().stream().filter(r -> r.topic().equals(TOPICS.workers()))
                .map(r -> Json.decode(r.value(), WorkerStatus.class)).toList();
    }

    private WorkerStatus latestStatus(int slot) {
        return statuses().stream().filter(s -> s.workerId() == slot).reduce((a, b) -> b).orElseThrow();
    }

    private String latestState(int slot) {
        return statuses().stream().filter(s -> s.workerId() == slot).reduce((a, b) -> b)
                .map(WorkerStatus::state).orElse("none");
    }

    /**
     * A reader of these partitions, each empty, whose {@code poll} waits up to its timeout for a
     * record or a wakeup, as Kafka's does (a mock's returns at once, and the loop would spin).
     */
    private static final class Reader extends MockConsumer<String, byte[]> {

        Reader(List<TopicPartition> partitions) {
            super(AutoOffsetResetStrategy.EARLIEST.name());
            partitions.stream().map(TopicPartition::topic).distinct().forEach(topic -> updatePartitions(topic,
                    partitions.stream().filter(tp -> tp.topic().equals(topic))
                            .map(tp -> new PartitionInfo(topic, tp.partition(), null, new Node[0], new Node[0]))
                            .toList()));
            Map<TopicPartition, Long> zero = new HashMap<>();
            partitions.forEach(tp -> zero.put(tp, 0L));
            updateBeginningOffsets(zero);
            updateEndOffsets(zero);
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                Map<TopicPartition, Long> timestampsToSearch) {
            return Map.of(); // nothing that old: the feed starts at the end
        }

        @Override
        public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            ConsumerRecords<String, byte[]> records = super.poll(Duration.ZERO);
            if (records.isEmpty() && !timeout.isZero()) {
                try {
                    wait(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                records = super.poll(Duration.ZERO);
            }
            return records;
        }

        @Override
        public synchronized void addRecord(ConsumerRecord<String, byte[]> record) {
            super.addRecord(record);
            notifyAll();
        }

        @Override
        public synchronized void wakeup() {
            super.wakeup();
            notifyAll();
        }
    }

    /** The heartbeats reader, the reader of the slots' states as the slots are taken (empty), and the producer. */
    private final class Clients implements KafkaClients {
        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> properties) {
            String clientId = String.valueOf(properties.get(ConsumerConfig.CLIENT_ID_CONFIG));
            if (clientId.endsWith("-heartbeats")) {
                return heartbeats;
            }
            assertThat(clientId).endsWith("-claim");
            return new Reader(List.of(WORKERS, BEATS));
        }

        @Override
        public Producer<String, byte[]> producer(Map<String, Object> properties) {
            return producer;
        }
    }
}
