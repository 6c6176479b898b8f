package io.kpool.supervisor;

import io.kpool.core.config.Slots;
import io.kpool.core.supervision.ExitStatus;
import io.kpool.core.supervision.Supervision;
import io.kpool.core.supervision.SupervisorCommand;
import io.kpool.core.supervision.SupervisorIdentity;
import io.kpool.core.supervision.SupervisorInput;
import io.kpool.observe.LoopPulse;
import io.kpool.observe.Probe;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.protocol.Topics;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.SupervisorStarted;
import io.kpool.protocol.event.SupervisorStopped;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.Outbox;
import io.kpool.transport.SlotFeed;
import io.kpool.transport.local.HealthFile;
import io.kpool.transport.local.ProcessLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor's main loop. One thread owns the state machine, the Kafka clients and the process
 * table; process exits arrive from the JDK's reaper threads through a mailbox, and wake the loop
 * at once (the exit is noticed in milliseconds, not at the next heartbeat).
 */
public final class Supervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration TICK = Duration.ofMillis(100);

    private final SupervisorConfig config;
    private final Topics topics;
    private final SupervisorIdentity identity;
    private final Duration republishEvery;
    private final KafkaClients clients;
    private final Clock clock;
    private Supervision supervision;
    private final WorkerFiles files;
    private final Spawner spawner;
    private final Outbox outbox;
    private final SlotFeed feed;
    private final HealthFile health;
    private final LoopPulse pulse = new LoopPulse(Duration.ofSeconds(30));
    private final SupervisorMetrics metrics;
    private final Set<Integer> started = ConcurrentHashMap.newKeySet();
    /** What the JDK's reaper threads report: a process ended, and nothing more. Read on the loop's thread only. */
    private final BlockingQueue<ProcessExit> mailbox = new LinkedBlockingQueue<>();
    /** The pid of each slot's latest worker. */
    private final Map<Integer, Long> running = new HashMap<>();

    private volatile boolean stopRequested;
    /** Why a worker-side process was refused; set and read on the loop's thread. */
    private String refusal;
    private boolean shutdownSent;

    /**
     * @param config   what to supervise, and how
     * @param registry where its figures and its workers' go ({@code /metrics})
     */
    public Supervisor(SupervisorConfig config, MeterRegistry registry) {
        this(config, registry, KafkaClients.kafka(), Clock.systemUTC(),
                ProcessSpawner.factory(config, Clock.systemUTC()));
    }

    /**
     * @param clients where its Kafka clients come from
     * @param clock   the time it supervises by: heartbeat and start timeouts, backoff, restart
     *                intensity, the spares' timing, the times it publishes
     * @param spawner what starts and signals its workers
     */
    Supervisor(SupervisorConfig config, MeterRegistry registry, KafkaClients clients, Clock clock,
               Spawner.Factory spawner) {
        this.config = config;
        this.clients = clients;
        this.clock = clock;
        this.topics = config.kafka().topics();
        this.identity = new SupervisorIdentity(config.name(), hostName(), ProcessHandle.current().pid());
        Duration third = config.policy().heartbeatTimeout().dividedBy(3);
        this.republishEvery = third.compareTo(Duration.ofSeconds(1)) < 0 ? third : Duration.ofSeconds(1);
        this.files = new WorkerFiles(config.runDir());
        this.spawner = spawner.open(files, this::post);
        this.outbox = new Outbox(config.kafka(), clients.producer(config.outboxProducer()), config.clientId(),
                100_000);
        this.feed = SlotFeed.heartbeatsOnly(config.kafka(), clients, config.heartbeatsClientId());
        this.health = new HealthFile(config.healthFile());
        this.metrics = new SupervisorMetrics(registry, config.slots(), clock);
    }

    /** {@code /healthz}: the main loop turns. */
    public Probe liveness() {
        return pulse;
    }

    /** {@code /readyz}: it owns its slots and every worker has run (restarts later do not make it unready). */
    public Probe readiness() {
        return () -> {
            if (stopRequested) {
                return Probe.Answer.failing("stopping");
            }
            Set<Integer> waiting = new TreeSet<>(config.slots());
            waiting.removeAll(started);
            return waiting.isEmpty()
                    ? Probe.Answer.ok("every worker started (slots " + Slots.format(config.slots()) + ")")
                    : Probe.Answer.failing("waiting for workers " + Slots.format(List.copyOf(waiting)) + " to start");
        };
    }

    /**
     * Takes the slots, then supervises until {@link #stop()} and every worker has stopped, or until
     * restarts come faster than the intensity allows.
     *
     * @return whether the supervisor gave up (past its restart intensity, with {@code --on-limit escalate})
     * @throws SlotTakenException when another live supervisor owns one of the slots
     * @throws WorkersRefusedException when a worker exited with status 2: a setting kpool or Kafka
     *         refuses (credentials, ACLs), which every incarnation would meet again; every worker is
     *         stopped first
     * @throws io.kpool.transport.security.KafkaRefusedException when Kafka refuses the supervisor's own writes
     */
    public boolean run() {
        Map<Integer, WorkerStatus> previous = SlotClaim.take(config.kafka(), clients, clock, config.claimClientId(),
                config.slots(), config.policy().heartbeatTimeout());
        supervision = new Supervision(identity, config.slots(), previous, config.policy(), clock,
                () -> ThreadLocalRandom.current().nextDouble());
        log.info("supervisor {} owns slots {} ({}, {}); worker logs in {}", config.name(), Slots.format(config.slots()),
                config.policy().restart().strategy().wireName(), config.policy().restart().restart().wireName(),
                config.runDir());
        emit(new SupervisorStarted(config.name(), config.slots(), identity.pid(), clock.millis()));
        spawner.prepare();
        execute(supervision.start());
        Instant republishAt = clock.instant().plus(republishEvery);
        while (!supervision.stopped()) {
            health.beat();
            pulse.beat();
            metrics.sample(supervision);
            outbox.requireAccepted();
            if (!stopRequested && !supervision.gaveUp()) {
                spawner.keepSpares();
            }
            if (!clock.instant().isBefore(republishAt)) {
                config.slots().forEach(slot -> publish(supervision.status(slot)));
                republishAt = clock.instant().plus(republishEvery);
            }
            shutdownIfAsked();
            for (ProcessExit exit = mailbox.poll(); exit != null; exit = mailbox.poll()) {
                ended(exit);
            }
            try {
                feed.poll(TICK, status -> { }, this::heartbeat);
            } catch (WakeupException e) {
                // a process exited or a stop was asked: go round at once
            }
            for (int slot : running.keySet()) {
                files.localBeat(slot).ifPresent(r -> execute(supervision.on(new SupervisorInput.LocalBeat(slot,
                        r.incarnation(), r.beatAt(), r.busySince()))));
            }
            execute(supervision.on(new SupervisorInput.Tick()));
        }
        boolean gaveUp = supervision.gaveUp();
        emit(new SupervisorStopped(config.name(), gaveUp ? "gave_up" : "shutdown", clock.millis()));
        log.info("supervisor {} stopped{}", config.name(), gaveUp ? ": it gave up" : "");
        if (refusal != null) {
            throw new WorkersRefusedException(refusal + "; stopped every worker, since each would be refused the same "
                    + "way (fix the workers' --kafka-config or their ACLs)");
        }
        return gaveUp;
    }

    private void shutdownIfAsked() {
        if (stopRequested && !shutdownSent) {
            shutdownSent = true;
            execute(supervision.on(new SupervisorInput.Shutdown()));
        }
    }

    /** From a JDK reaper thread (or the reader of a process's last output): a process ended. */
    private void post(ProcessExit exit) {
        mailbox.add(exit);
        feed.wakeup();
    }

    /** On the loop's thread: what a process's end means. */
    private void ended(ProcessExit exit) {
        if (exit instanceof ProcessExit.Worker worker) {
            exited(worker);
        } else if (exit instanceof ProcessExit.Evacuation evacuation) {
            evacuationEnded(evacuation);
        } else if (exit instanceof ProcessExit.Spare spare) {
            spare.refusal().ifPresent(this::refused);
        } else if (exit instanceof ProcessExit.Training training) {
            spawner.trained(training);
        }
    }

    /** A worker-side process exited with status 2: stop, rather than restart it into the same refusal. */
    private void refused(String why) {
        if (refusal == null && !stopRequested) {
            refusal = why;
            log.error("{}", why);
            stop();
        }
    }

    /** Asks {@link #run()} to drain every worker and return. Safe from any thread. */
    public void stop() {
        stopRequested = true;
        feed.wakeup();
    }

    private void heartbeat(Heartbeat beat) {
        if (config.slots().contains(beat.workerId())) {
            metrics.heartbeat(beat, clock.millis());
            execute(supervision.on(new SupervisorInput.HeartbeatSeen(beat.workerId(), beat.incarnation(),
                    beat.position(), beat.busySince())));
        }
    }

    private void execute(List<SupervisorCommand> commands) {
        for (SupervisorCommand command : commands) {
            command.accept(carryOut);
        }
    }

    /** Carries out each kind of command; a new kind does not compile until it is handled here. */
    private final SupervisorCommand.Visitor<Void> carryOut = new SupervisorCommand.Visitor<>() {

        @Override
        public Void spawn(SupervisorCommand.Spawn spawn) {
            Supervisor.this.spawn(spawn);
            return null;
        }

        @Override
        public Void evacuate(SupervisorCommand.Evacuate evacuate) {
            Supervisor.this.evacuate(evacuate);
            return null;
        }

        @Override
        public Void kill(SupervisorCommand.Kill kill) {
            Long pid = running.get(kill.slot());
            if (pid != null && pid == kill.pid()) {
                log.info("sending SIG{} to worker {} (pid {})", kill.signal(), kill.slot(), kill.pid());
                spawner.signal(pid, kill.signal());
            }
            return null;
        }

        @Override
        public Void publish(SupervisorCommand.Publish publish) {
            Supervisor.this.publish(publish.status());
            return null;
        }

        @Override
        public Void emit(SupervisorCommand.Emit emit) {
            Supervisor.this.emit(emit.event());
            return null;
        }
    };

    private void publish(WorkerStatus status) {
        metrics.published(status);
        if (status.alive()) {
            started.add(status.workerId());
        }
        outbox.send(topics.workers(), String.valueOf(status.workerId()), Json.encode(status));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private void spawn(SupervisorCommand.Spawn spawn) {
        int slot = spawn.slot();
        long incarnation = spawn.incarnation();
        Spawner.Started started;
        try {
            Path poison = files.writePoison(slot, spawn.poison(), spawn.suspects());
            started = spawner.start(config.workerLaunch(new WorkerLaunch.Run(slot, incarnation, files.blackBox(slot),
                    poison)));
            if (started.spare()) {
                log.info("worker {} (incarnation {}) runs on spare pid {}", slot, incarnation, started.pid());
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot start worker {}: {}", slot, e.toString());
            execute(supervision.on(new SupervisorInput.SpawnFailed(slot, incarnation, e.toString())));
            return;
        }
        running.put(slot, started.pid());
        execute(supervision.on(new SupervisorInput.Spawned(slot, incarnation, started.pid())));
    }

    /** A worker process ended: what its black box and its last lines say go to the core. */
    private void exited(ProcessExit.Worker ended) {
        int slot = ended.slot();
        if (ended.status() == ProcessLifecycle.SETTING_REFUSED) {
            refused("worker " + slot + " (incarnation " + ended.incarnation() + ", pid " + ended.pid()
                    + ") was refused: " + WorkerFiles.lastLine(ended.tail(), files.log(slot)));
        }
        // A refused worker's exit must meet a supervisor already shutting down, or it would be
        // restarted into the same refusal.
        shutdownIfAsked();
        execute(supervision.on(new SupervisorInput.Exited(slot, ended.incarnation(),
                new ExitStatus(ended.status()), files.culprits(slot, ended.incarnation()),
                ended.tail(), files.processed(slot, ended.incarnation()),
                files.cancelledJob(slot, ended.incarnation()).orElse(null))));
    }

    /** An evacuation process ended: moved everything (exit 0), or not. */
    private void evacuationEnded(ProcessExit.Evacuation ended) {
        int status = ended.status();
        if (status != 0) {
            log.warn("moving the tasks of worker {} failed (pid {}, {}); see {}", ended.slot(), ended.pid(),
                    new ExitStatus(status).describe(), files.evacuationLog(ended.slot()));
        }
        execute(supervision.on(new SupervisorInput.EvacuationEnded(ended.slot(), ended.incarnation(), status == 0,
                "pid " + ended.pid() + " ended with " + new ExitStatus(status).describe())));
    }

    /** Starts the evacuation; its end (or its failure to start) comes back through the mailbox. */
    private void evacuate(SupervisorCommand.Evacuate evacuate) {
        int slot = evacuate.slot();
        long incarnation = evacuate.incarnation();
        Spawner.Started started;
        try {
            Path poison = files.writePoison(slot, evacuate.poison(), Set.of());
            started = spawner.start(config.workerLaunch(new WorkerLaunch.Evacuate(slot, incarnation, poison,
                    config.policy().heartbeatTimeout().multipliedBy(2))));
        } catch (IOException e) {
            log.error("cannot move the tasks of worker {}: {}", slot, e.toString());
            execute(supervision.on(new SupervisorInput.EvacuationEnded(slot, incarnation, false,
                    "could not start: " + e.getMessage())));
            return;
        }
        log.info("worker {} will not run again: moving its queued tasks to the others (pid {})", slot,
                started.pid());
    }

    private void emit(PoolEvent event) {
        metrics.emitted(event);
        if (event instanceof WorkerCrashed crashed) {
            log.warn("{}; its output: the [worker {}] lines, and {}", event.describe(), crashed.workerId(),
                    files.log(crashed.workerId()));
        } else {
            log.info("{}", event.describe());
        }
        String key = event.slot() < 0 ? null : String.valueOf(event.slot());
        outbox.send(topics.events(), key, Json.encode(event));
    }

    /** Kills any worker still running (SIGKILL) and closes the Kafka clients. */
    @Override
    public void close() {
        spawner.close();
        files.close();
        feed.close();
        outbox.close(Duration.ofSeconds(5));
    }
}
