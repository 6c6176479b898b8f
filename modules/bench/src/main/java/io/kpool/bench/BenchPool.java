package io.kpool.bench;

import io.kpool.client.StatusReader;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.TopicLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A kpool pool for one measurement: a supervisor of {@code workers} and a dispatcher, on a fresh prefix. */
final class BenchPool implements AutoCloseable {

    private final KafkaSettings kafka;
    private final int workers;
    private final ChildProcess supervisor;
    private final ChildProcess dispatcher;

    private BenchPool(KafkaSettings kafka, int workers, ChildProcess supervisor, ChildProcess dispatcher) {
        this.kafka = kafka;
        this.workers = workers;
        this.supervisor = supervisor;
        this.dispatcher = dispatcher;
    }

    /**
     * Starts the pool and waits until every worker is alive.
     *
     * @param supervisorArgs extra supervisor options, e.g. {@code --spares 1}
     */
    static BenchPool start(BenchEnvironment env, int workers, List<String> supervisorArgs) {
        return start(env, workers, supervisorArgs, List.of());
    }

    /**
     * Starts the pool and waits until every worker is alive.
     *
     * @param supervisorArgs extra supervisor options (passed on to its workers where they are worker options)
     * @param dispatcherArgs extra dispatcher options, e.g. {@code --dispatch least-busy}
     */
    static BenchPool start(BenchEnvironment env, int workers, List<String> supervisorArgs, List<String> dispatcherArgs) {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings kafka = new KafkaSettings(env.bootstrap(), new Topics(prefix), env.client());
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            admin.ensure(TopicLayout.forSlots(workers), Duration.ofSeconds(60));
        }
        long parent = ProcessHandle.current().pid();
        List<String> sup = env.command(env.launches().supervisor(new RoleLaunches.Supervisor(env.bootstrap(), prefix,
                env.kafkaConfig(), workers, "bench", env.workDir().resolve(prefix), parent, supervisorArgs)));
        ChildProcess supervisor = ChildProcess.start(sup, env.workDir().resolve(prefix + "-supervisor.log"));
        List<String> disp = env.command(env.launches().dispatcher(new RoleLaunches.Dispatcher(env.bootstrap(), prefix,
                env.kafkaConfig(), prefix, parent, dispatcherArgs)));
        ChildProcess dispatcher = ChildProcess.start(disp, env.workDir().resolve(prefix + "-dispatcher.log"));
        BenchPool pool = new BenchPool(kafka, workers, supervisor, dispatcher);
        try {
            pool.awaitAlive(Duration.ofMinutes(2));
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    KafkaSettings kafka() {
        return kafka;
    }

    long supervisorPid() {
        return supervisor.pid();
    }

    long dispatcherPid() {
        return dispatcher.pid();
    }

    List<WorkerRow> workers() {
        return StatusReader.read(kafka, Duration.ofSeconds(30));
    }

    /** Waits until every worker is alive, and the dispatcher had a moment to learn it. */
    void awaitAlive(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (workers().stream().filter(WorkerRow::alive).count() < workers) {
            if (Instant.now().isAfter(deadline) || !supervisor.isAlive()) {
                throw new IllegalStateException("the pool did not come up; see " + supervisor.log());
            }
        }
    }

    @Override
    public void close() {
        dispatcher.close();
        supervisor.close();
    }
}
