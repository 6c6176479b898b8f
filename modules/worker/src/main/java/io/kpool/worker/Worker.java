package io.kpool.worker;

import io.kpool.core.config.ConfigException;
import io.kpool.core.handler.ExecCommand;
import io.kpool.core.handler.HandlerDefinition;
import io.kpool.core.handler.JobHandler;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.Json;
import io.kpool.protocol.Position;
import io.kpool.protocol.Result;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.transport.Transactions;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import io.kpool.transport.local.ProcessLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A worker process's main loop. Owns its Kafka clients on the calling thread. {@link #run()} returns
 * after {@link #stop()} once the open transaction is committed; a handler's exception escapes
 * {@link #run()} untouched, with the transaction left open for the next incarnation to abort.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** How long a poll waits for a task when no transaction is open: bounds how late a stop is seen. */
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /** How long a poll waits while tasks run on their threads: how late a finished one is seen. */
    private static final Duration RUNNING_POLL = Duration.ofMillis(1);
    /** How long a new incarnation may take to read the cancel orders before its first task. */
    private static final Duration CANCELS_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final WorkerConfig config;
    private final Topics topics;
    private final JobHandler handler;
    private final TopicPartition partition;
    private final SlotPosition slotPosition;
    private final WorkerClients clients;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final BlackBox blackBox;
    private final Map<Long, PoisonVerdict> poison = new HashMap<>();
    private final Set<Long> suspects;
    private final Lanes lanes;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> queued = new ArrayDeque<>();
    private final Map<String, JobHandler> others = new HashMap<>();
    private final List<ProcessHandler> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Heartbeater heartbeater;
    private final CancelWatch cancels;

    private volatile boolean stopping;
    private volatile long fetchedUpTo;
    private volatile long lagBehindFetch;
    private Progress progress;
    private boolean inTransaction;
    private int uncommitted;
    private long transactionStarted;

    /** A worker that opens its own clients. */
    public Worker(WorkerConfig config) {
        this(config, WorkerClients.open(config.kafka(), "kpool-worker-" + config.slot(), config.batchSize()));
    }

    /** A worker on clients opened in advance (a spare's), on the wall clock. */
    public Worker(WorkerConfig config, WorkerClients clients) {
        this(config, clients, Clock.systemUTC());
    }

    /**
     * @param clients its clients; its transactional producer comes from where they came from
     * @param clock   the time its results, dead letters, positions and heartbeats are stamped with,
     *                and its transactions are timed by ({@code --commit-interval})
     */
    Worker(WorkerConfig config, WorkerClients clients, Clock clock) {
        long t0 = System.nanoTime();
        this.config = config;
        this.clock = clock;
        this.topics = config.kafka().topics();
        // A process handler's child starts here, before the worker takes its slot.
        // A command that cannot start is a setting kpool cannot use (exit 2): a restart would not help.
        try {
            this.handler = open(config.handlers().defaultHandler("handler", config.handler()));
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException("handler", e.getMessage());
        }
        this.partition = new TopicPartition(topics.tasks(), config.slot());
        this.slotPosition = new SlotPosition(topics, config.slot(), clock);
        PoisonFile.Contents handover = PoisonFile.read(config.poisonFile());
        handover.verdicts().forEach(v -> poison.put(v.offset(), v));
        this.suspects = new HashSet<>(handover.suspects());
        this.lanes = new Lanes(config.concurrency(), config.slot());
        this.blackBox = BlackBox.open(config.blackBox(), ProcessHandle.current().pid(), config.incarnation(),
                config.concurrency());
        this.clients = clients;
        this.consumer = clients.consumer;
        long t1 = System.nanoTime();
        this.producer = clients.transport.producer(WorkerClients.transactionalProducer(config.kafka(),
                "kpool-worker-" + config.slot(), topics.workerTransactionalId(config.slot())));
        this.heartbeater = new Heartbeater(config, blackBox, () -> fetchedUpTo - blackBox.position() + lagBehindFetch,
                clients.heartbeats, clock);
        this.cancels = new CancelWatch(clients.cancels, topics.cancels(), config.slot(), this::stopForCancelledJob,
                clock);
        log.debug("ready to run in {} ms, {} ms of them for the transactional producer",
                (System.nanoTime() - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }

    /**
     * Fences older incarnations, then takes tasks until {@link #stop()}.
     *
     * @throws HandlerFailedException with whatever the handler threw: the caller lets it end the process
     * @throws io.kpool.transport.security.KafkaRefusedException when Kafka refuses this worker (its
     *         credentials, its ACLs): every incarnation would be refused the same way
     */
    public void run() throws Exception {
        long t0 = System.nanoTime();
        Transactions.init(producer, topics.workerTransactionalId(config.slot()), config.kafka());
        log.debug("initTransactions took {} ms", (System.nanoTime() - t0) / 1_000_000);
        long t1 = System.nanoTime();
        cancels.load(CANCELS_LOAD_TIMEOUT);
        cancels.start();
        Optional<Position> committed = slotPosition.read(consumer, clients);
        consumer.assign(List.of(partition));
        if (committed.isEmpty()) {
            consumer.seekToBeginning(List.of(partition));
        } else {
            consumer.seek(partition, committed.get().next());
        }
        progress = new Progress(consumer.position(partition), committed.map(Position::done).orElse(List.of()));
        blackBox.position(progress.next());
        log.debug("position took {} ms", (System.nanoTime() - t1) / 1_000_000);
        fetchedUpTo = blackBox.position();
        // the OS's start time, so the OS's clock
        long sinceStart = ProcessHandle.current().info().startInstant()
                .map(t -> System.currentTimeMillis() - t.toEpochMilli()).orElse(-1L);
        log.info("worker {} (incarnation {}) takes {} from offset {}, {} ms after its process started{}{}{}",
                config.slot(), config.incarnation(), partition, blackBox.position(), sinceStart,
                config.concurrency() == 1 ? "" : ", " + config.concurrency() + " tasks at once",
                poison.isEmpty() ? "" : "; will dead-letter offsets " + poison.keySet(),
                suspects.isEmpty() ? "" : "; will run offsets " + suspects + " alone (suspects of a crash)");
        heartbeater.start();
        while (!stopping) {
            heartbeater.requireAccepted();
            boolean moved = finish(lanes.poll());
            moved |= startQueued();
            boolean polledNothing = false;
            if (queued.isEmpty()) {
                // With a transaction open or tasks running, take only what is here already; once
                // nothing is, commit at once, so a job's result waits for no timer. Under load,
                // tasks gather during a commit and the next transaction takes them all (up to
                // --batch-size or --commit-interval).
                Duration wait = moved ? Duration.ZERO
                        : lanes.running() > 0 ? RUNNING_POLL
                        : inTransaction ? Duration.ZERO : IDLE_POLL;
                polledNothing = fetch(wait) == 0;
            } else if (!moved) {
                // Every lane is busy (or a suspect runs alone): wait for a task to finish.
                finish(lanes.await(inTransaction ? remainingInTransaction() : IDLE_POLL));
            }
            if (inTransaction && (uncommitted >= config.batchSize()
                    || elapsedMillis() >= config.commitInterval().toMillis()
                    || polledNothing && lanes.running() == 0)) {
                commit();
            }
        }
        while (lanes.running() > 0) {
            finish(lanes.await(IDLE_POLL));
        }
        if (inTransaction) {
            commit();
        }
        log.info("worker {} drained after {} jobs", config.slot(), blackBox.processed());
    }

    /** Polls the consumer for at most {@code wait}; queues what came. */
    private int fetch(Duration wait) {
        ConsumerRecords<String, byte[]> records = consumer.poll(wait);
        long at = consumer.position(partition);
        if (records.isEmpty()) {
            progress.caughtUp(at);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            if (progress.fetched(record.offset(), at)) {
                queued.add(record);
            }
        }
        fetchedUpTo = progress.fetchedUpTo();
        lagBehindFetch = records.isEmpty() ? 0 : consumer.currentLag(partition).orElse(0);
        return records.count();
    }

    /** Starts queued tasks while lanes are free; a poison task is dead-lettered instead. */
    private boolean startQueued() throws Exception {
        boolean started = false;
        while (!queued.isEmpty() && !stopping) {
            ConsumerRecord<String, byte[]> record = queued.peek();
            PoisonVerdict verdict = poison.remove(record.offset());
            if (verdict != null) {
                queued.poll();
                openTransaction();
                PoisonLetters.send(producer, topics, config.slot(), record, verdict, clock.millis());
                log.warn("dead-lettered job {} at offset {}: it crashed this slot's worker {} times", verdict.jobId(),
                        record.offset(), verdict.evidence().crashes().size());
                done(record.offset());
                started = true;
                continue;
            }
            boolean suspect = suspects.contains(record.offset());
            if (!lanes.canStart(suspect)) {
                break;
            }
            queued.poll();
            start(record, suspect);
            started = true;
        }
        return started;
    }
    /**
     * Asks {@link #run()} to finish the tasks it has taken, commit and return (within one poll,
     * at most half a second when idle). Safe from any thread.
     */
    public void stop() {
        stopping = true;
    }

    private long elapsedMillis() {
        return clock.millis() - transactionStarted;
    }

    private Duration remainingInTransaction() {
        return Duration.ofMillis(Math.max(0, config.commitInterval().toMillis() - elapsedMillis()));
    }

    private void openTransaction() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            transactionStarted = clock.millis();
        }
    }

    /**
     * Runs the task in a free lane. Only what the job can cause is the job's fault: the decoding
     * and the handler. A death while the result is being written (a broker away, a kill) is not
     * held against it.
     */
    private void start(ConsumerRecord<String, byte[]> record, boolean suspect) throws Exception {
        int lane = lanes.nextLane();
        blackBox.begin(lane, record.offset(), record.key());
        Task task;
        JobHandler chosen;
        try {
            task = Json.decode(record.value(), Task.class);
            chosen = handlerOf(task);
        } catch (Exception e) {
            blackBox.blameOnly(lane);
            MDC.put("jobId", record.key());
            throw new HandlerFailedException(e);
        }
        if (!cancels.claim(lane, task)) {
            openTransaction();
            CancelLetters.send(producer, topics, config.slot(), record, task, clock.millis());
            log.info("dead-lettered job {} at offset {}: it was cancelled", task.jobId(), record.offset());
            blackBox.end(lane);
            done(record.offset());
            return;
        }
        lanes.start(lane, record.offset(), task, suspect, () -> {
            MDC.put("jobId", task.jobId());
            try {
                return chosen.handle(task.jobId(), task.payload());
            } finally {
                MDC.remove("jobId");
            }
        });
    }

    /** Takes in a finished task: its result joins the transaction; a failure ends the worker. */
    private boolean finish(Lanes.Finished finished) throws Exception {
        if (finished == null) {
            return false;
        }
        cancels.release(finished.lane());
        if (finished.failure() != null) {
            blackBox.blameOnly(finished.lane());
            // the crash is logged on this thread, as the failed job's
            MDC.put("jobId", ((Task) finished.context()).jobId());
            if (finished.failure() instanceof Exception e) {
                throw new HandlerFailedException(e);
            }
            throw (Error) finished.failure();
        }
        Task task = (Task) finished.context();
        openTransaction();
        Result result = new Result(task.jobId(), finished.output(), config.slot(), config.incarnation(), task.attempt(),
                task.submittedAt(), clock.millis());
        producer.send(new ProducerRecord<>(topics.results(), task.jobId(), Json.encode(result)));
        blackBox.end(finished.lane());
        done(finished.offset());
        return true;
    }

    private void done(long offset) {
        progress.done(offset);
        blackBox.position(progress.next());
        uncommitted++;
    }

    /** The task's own handler when it names one, else this worker's. */
    private JobHandler handlerOf(Task task) {
        if (task.handler() == null || task.handler().equals(handler.name())) {
            return handler;
        }
        return others.computeIfAbsent(task.handler(), name -> open(config.handlers().find(name).orElseThrow(() ->
                new ConfigException("handler", "names no handler of this worker: '" + name + "' (see "
                        + config.handlers() + ")"))));
    }

    /** The handler a definition stands for: a Java one, or a child process started now. */
    private JobHandler open(HandlerDefinition definition) {
        if (definition instanceof ExecCommand command) {
            ProcessHandler child = ProcessHandler.start(command, System.err);
            children.add(child);
            log.info("handler process '{}' started (pid {})", command.command(), child.child().pid());
            return child;
        }
        return ((HandlerDefinition.Java) definition).handler();
    }

    /**
     * The job {@code jobId}, running now, was cancelled: ends the process at once, with its open
     * transaction (the job's and the other running jobs' work is rolled back; the next incarnation
     * dead-letters the cancelled job and runs the others again). The black box names the job, so
     * the supervisor blames nobody, and the handler processes die with the worker. Called on the
     * cancel watch's thread.
     */
    private void stopForCancelledJob(String jobId) {
        blackBox.cancelled(jobId);
        log.warn("job {} was cancelled while it ran: worker {} (incarnation {}) stops (exit {}), its transaction "
                + "with it", jobId, config.slot(), config.incarnation(), ProcessLifecycle.CANCELLED_JOB);
        System.err.flush();
        children.forEach(ProcessHandler::kill);
        Runtime.getRuntime().halt(ProcessLifecycle.CANCELLED_JOB);
    }

    /** Ends the transaction with the slot's position: its results and where they end, committed together. */
    private void commit() {
        producer.send(slotPosition.record(progress.next(), progress.doneAhead(), config.incarnation()));
        producer.commitTransaction();
        inTransaction = false;
        uncommitted = 0;
    }

    /**
     * Ends the handler processes (their input closed, killed if they do not exit within
     * {@link ProcessHandler#CLOSE_GRACE}) and closes the Kafka clients; an open transaction is left
     * for the broker or the next incarnation to abort.
     */
    @Override
    public void close() {
        lanes.close();
        cancels.close();
        children.forEach(ProcessHandler::close);
        heartbeater.close();
        producer.close(Duration.ofSeconds(2));
        clients.close();
        blackBox.close();
    }
}
