package io.kpool.dispatcher;

import io.kpool.core.config.Durations;
import io.kpool.core.dispatch.DispatchStrategies;
import io.kpool.core.dispatch.DispatchStrategy;
import io.kpool.core.dispatch.SlotTable;
import io.kpool.core.dispatch.SlotView;
import io.kpool.core.intake.JobIntake;
import io.kpool.core.intake.RecentIds;
import io.kpool.core.intake.Verdict;
import io.kpool.observe.LoopPulse;
import io.kpool.observe.Probe;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.DelayedJob;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.SlotFeed;
import io.kpool.transport.TransactionFailure;
import io.kpool.transport.Transactions;
import io.kpool.transport.local.HealthFile;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatcher's main loop: one thread owns the job consumer, the slot feed and the transactional
 * producer. Each poll of jobs becomes one transaction: the tasks, the dead letters and their
 * events, and the job offsets. If the transaction fails for a reason that can pass (a rebalance),
 * it is aborted and the jobs are read again from the last commit; if this dispatcher was fenced,
 * {@link #run()} throws.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The most delayed jobs one transaction routes, like a poll's records at most. */
    private static final int MAX_FIRED = 2000;
    /**
     * How many transactions in a row may fail in a way {@link TransactionFailure} does not know
     * before the dispatcher stops (to be started again by whatever runs it), rather than retrying
     * for ever what may never pass.
     */
    static final int MAX_UNKNOWN_FAILURES = 5;

    private final DispatcherConfig config;
    private final Topics topics;
    private final JobIntake intake;
    private final RecentIds recent;
    private final DispatchStrategy strategy;
    private final SlotTable slots;
    private final Clock clock;
    private final Consumer<String, byte[]> jobs;
    private final Producer<String, byte[]> producer;
    private final SlotFeed feed;
    private final HealthFile health;
    private final DelayedJobs delayed;
    private final Cancellations cancellations;
    private final LoopPulse pulse = new LoopPulse(Duration.ofSeconds(30));
    private final DispatcherMetrics metrics;
    private final IntakeLetters letters;
    private final JobPartitions partitions;

    private volatile boolean stopping;
    private List<Integer> liveSlots = List.of();
    private Instant partitionsCheckedAt = Instant.EPOCH;
    private Instant lagCheckedAt = Instant.EPOCH;
    private long dispatched;
    private int unknownFailures;

    /**
     * @param config   what to route, and how
     * @param registry where its figures go ({@code /metrics})
     */
    public Dispatcher(DispatcherConfig config, MeterRegistry registry) {
        this(config, registry, KafkaClients.kafka(), Clock.systemUTC());
    }

    /**
     * @param clients where its Kafka clients come from
     * @param clock   the time it routes by: slots' heartbeats, delayed jobs, dedupe and cancel windows
     */
    Dispatcher(DispatcherConfig config, MeterRegistry registry, KafkaClients clients, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.topics = config.kafka().topics();
        this.intake = JobIntake.of(config.limits(), config.handler(), config.handlers());
        this.recent = new RecentIds(config.dedupeWindow(), DispatcherConfig.DEDUPE_CAPACITY);
        this.strategy = DispatchStrategies.named("dispatch", config.strategy());
        this.slots = new SlotTable(config.heartbeatTimeout());
        this.jobs = clients.consumer(config.jobsConsumer());
        this.producer = clients.producer(config.transactionalProducer());
        this.feed = new SlotFeed(config.kafka(), clients, config.clientId() + "-slots", config.heartbeatTimeout());
        this.health = new HealthFile(config.healthFile());
        this.delayed = new DelayedJobs(topics.delayed());
        this.cancellations = new Cancellations(topics, recent);
        this.metrics = new DispatcherMetrics(registry, delayed::size);
        this.letters = new IntakeLetters(topics, metrics);
        this.partitions = new JobPartitions(jobs, config, clients, clock,
                new RecentIdsRelearner(config, intake, recent, clients, clock), delayed, cancellations);
    }

    /** {@code /healthz}: the main loop turns. */
    public Probe liveness() {
        return pulse;
    }

    /**
     * {@code /readyz}: its transactions are set up with Kafka and it has joined the jobs group (with
     * or without partitions: a spare dispatcher is ready to take over); not while stopping.
     */
    public Probe readiness() {
        return () -> {
            if (stopping) {
                return Probe.Answer.failing("stopping");
            }
            if (!partitions.joined()) {
                return Probe.Answer.failing("not yet in the consumer group of " + topics.jobs());
            }
            return Probe.Answer.ok("routing " + topics.jobs() + " with " + strategy.name());
        };
    }

    /**
     * Dispatches until {@link #stop()}; throws when fenced or when Kafka refuses for good (an ACL,
     * the credentials: {@link TransactionFailure#FATAL}), or after {@link #MAX_UNKNOWN_FAILURES} transactions in a row failed in a way
     * it does not know).
     */
    public void run() {
        Transactions.init(producer, topics.dispatcherTransactionalId(config.instance()), config.kafka());
        jobs.subscribe(List.of(topics.jobs()), partitions);
        log.info("dispatcher {} routes {} with {}", config.instance(), topics.jobs(), strategy.name());
        while (!stopping) {
            health.beat();
            pulse.beat();
            Instant now = clock.instant();
            feed.poll(Duration.ZERO, slots::apply, beat -> slots.apply(beat, now));
            refreshPartitions(now);
            noteLiveSlots(now);
            measureLag(now);
            if (!slots.anyAlive(now)) {
                partitions.hold();
                jobs.poll(POLL);
                continue;
            }
            partitions.release();
            Duration wait = delayed.untilNext(now).filter(d -> d.compareTo(POLL) < 0).orElse(POLL);
            ConsumerRecords<String, byte[]> records = jobs.poll(wait);
            // one reading of the clock for the batch: a slot alive now stays alive for all of it
            Instant batchTime = clock.instant();
            if (!slots.anyAlive(batchTime)) {
                // the last live slot fell silent during the poll: read these jobs again once one is up
                unread(records);
                continue;
            }
            if (!records.isEmpty() || delayed.anyDue(batchTime)) {
                dispatch(records, batchTime);
            }
        }
        log.info("dispatcher {} stopped after {} jobs dispatched, {} dead-lettered, {} cancels ordered, {} refused; "
                        + "leaving the group", config.instance(), dispatched, letters.written(), cancellations.ordered(),
                cancellations.refused());
    }

    /** Asks {@link #run()} to return after the transaction in progress. Safe from any thread. */
    public void stop() {
        stopping = true;
    }

    /**
     * One transaction: the delayed jobs now due, then the records polled. The offsets committed
     * cover every jobs partition whose delayed jobs it routes too, so that a dispatcher that has
     * lost the partition (a zombie of an older group generation) cannot route them again.
     */
    private void dispatch(ConsumerRecords<String, byte[]> records, Instant now) {
        try {
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(records);
            for (DelayedJob due : delayed.takeDue(now, MAX_FIRED)) {
                routeDelayed(due, now);
                offsets.computeIfAbsent(new TopicPartition(topics.jobs(), due.partition()),
                        tp -> new OffsetAndMetadata(jobs.position(tp)));
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                Verdict verdict = deduplicated(intake.check(record.value(), record.timestamp()), record);
                if (verdict instanceof Verdict.CancelRequested cancel) {
                    cancel(cancel.jobId(), now);
                } else if (verdict instanceof Verdict.Accepted accepted && cancellations.cancelledAlready(accepted.job())) {
                    letters.rejected(producer, new Verdict.Rejected(DeadLetterReason.CANCELLED, "job " + accepted.job().id()
                            + " was cancelled; kpool moved it back to " + topics.jobs() + " (attempt "
                            + accepted.job().attempt() + ") and does not route it again", accepted.job().id()), record, now);
                } else if (verdict instanceof Verdict.Accepted accepted) {
                    Long runAt = accepted.job().runAt();
                    if (runAt != null && runAt > now.toEpochMilli()) {
                        producer.send(delayed.hold(new DelayedJob(accepted.job(), record.timestamp(),
                                record.partition(), record.offset())));
                    } else {
                        route(accepted.job(), record.timestamp(), now);
                    }
                } else {
                    letters.rejected(producer, (Verdict.Rejected) verdict, record, now);
                }
            }
            producer.sendOffsetsToTransaction(offsets, jobs.groupMetadata());
            long committing = System.nanoTime();
            producer.commitTransaction();
            metrics.committed(System.nanoTime() - committing);
            recent.commit();
            delayed.commit();
            recent.expire(now);
            cancellations.commit(now);
            unknownFailures = 0;
        } catch (KafkaException e) {
            TransactionFailure failure = TransactionFailure.of(e);
            if (failure == TransactionFailure.FATAL) {
                // fenced by a newer dispatcher of this id, refused by the ACLs (refused again on every
                // retry), or a broker that cannot: stop, and say which
                throw e;
            }
            if (failure == TransactionFailure.UNKNOWN && ++unknownFailures >= MAX_UNKNOWN_FAILURES) {
                throw new KafkaException("dispatcher " + config.instance() + " stops: " + unknownFailures
                        + " transactions in a row failed in a way it does not know how to handle, the last with "
                        + e, e);
            }
            log.warn("transaction aborted, the jobs will be read again{}: {}", failure == TransactionFailure.UNKNOWN
                    ? " (an unknown failure, " + unknownFailures + " of " + MAX_UNKNOWN_FAILURES + " in a row)" : "",
                    e.toString());
            producer.abortTransaction();
            metrics.aborted();
            recent.discard();
            delayed.discard();
            cancellations.discard();
            rewind(jobs.assignment());
        }
    }

    /** Turns away a job whose id was accepted within the dedupe window (unless kpool moved it). */
    private Verdict deduplicated(Verdict verdict, ConsumerRecord<String, byte[]> record) {
        if (!(verdict instanceof Verdict.Accepted accepted) || config.dedupeWindow().isZero()
                || accepted.job().attempt() != null) {
            return verdict;
        }
        String id = accepted.job().id();
        return recent.accept(id, new RecentIds.Seen(Instant.ofEpochMilli(record.timestamp()), record.partition(),
                        record.offset()))
                .<Verdict>map(before -> new Verdict.Rejected(DeadLetterReason.DUPLICATE_ID, "job id '" + id
                        + "' was accepted at " + before.at() + " (" + topics.jobs() + "-" + before.partition() + "@"
                        + before.offset() + "); ids are unique within " + Durations.format(config.dedupeWindow()), id))
                .orElse(verdict);
    }

    /**
     * A cancel request: a job that waits for its time here is ended at once (its record on the
     * delayed topic, and a {@code cancelled} dead letter); any other is ordered cancelled for the
     * workers, or refused.
     */
    private void cancel(String jobId, Instant now) {
        List<DelayedJob> waiting = delayed.cancel(jobId);
        if (waiting.isEmpty()) {
            cancellations.request(producer, jobId, now);
            return;
        }
        for (DelayedJob job : waiting) {
            producer.send(delayed.fired(job));
            letters.cancelledWhileWaiting(producer, job, now);
        }
    }

    /** Routes a delayed job whose time has come, and ends its record on the delayed topic. */
    private void routeDelayed(DelayedJob due, Instant now) {
        route(due.job(), due.submittedAt(), now);
        producer.send(delayed.fired(due));
        metrics.firedLate(Math.max(0, now.toEpochMilli() - due.runAt()));
    }

    private void route(Job job, long submittedAt, Instant now) {
        int slot = strategy.choose(slots.views(now)).orElseThrow(
                () -> new IllegalStateException("no live slot, though one was alive when the batch began"));
        Integer attempt = job.attempt();
        Task task = new Task(job.id(), job.payload(), job.handler(), slot, attempt == null ? 1 : attempt, submittedAt,
                now.toEpochMilli(), job.runAt());
        producer.send(new ProducerRecord<>(topics.tasks(), slot, task.jobId(), Json.encode(task)));
        slots.routed(slot);
        metrics.dispatched(slot);
        dispatched++;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Sets each partition polled back to its first record polled, to read the records again. */
    private void unread(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            jobs.seek(tp, records.records(tp).get(0).offset());
        }
    }

    /** Goes back to the last committed job offsets, so that nothing aborted is skipped. */
    private void rewind(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = jobs.committed(Set.copyOf(partitions));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            if (at == null) {
                jobs.seekToBeginning(List.of(tp));
            } else {
                jobs.seek(tp, at.offset());
            }
        }
    }

    private void refreshPartitions(Instant now) {
        if (Duration.between(partitionsCheckedAt, now).toSeconds() >= 1) {
            slots.partitions(producer.partitionsFor(topics.tasks()).size());
            partitionsCheckedAt = now;
        }
    }

    /** Logs the live slots whenever they change: the dispatcher's view of the pool. */
    private void noteLiveSlots(Instant now) {
        List<Integer> live = slots.views(now).stream().filter(SlotView::alive).map(SlotView::id).toList();
        if (!live.equals(liveSlots)) {
            log.info("live slots: {}", live);
            metrics.liveSlots(live.size());
            liveSlots = live;
        }
    }

    /** The jobs not yet routed on this dispatcher's partitions, once a second. */
    private void measureLag(Instant now) {
        if (Duration.between(lagCheckedAt, now).toSeconds() < 1) {
            return;
        }
        lagCheckedAt = now;
        long lag = 0;
        for (TopicPartition tp : jobs.assignment()) {
            lag += jobs.currentLag(tp).orElse(0);
        }
        metrics.lag(lag);
    }

    /**
     * Closes the Kafka clients. After {@link #stop()} the dispatcher leaves its consumer group, static
     * member though it is, so the other dispatchers are given its partitions at once rather than
     * after the session timeout: a stop is a pod going away (a rollout, a scale-down, a drain), and
     * a dispatcher that comes back under the same id simply joins again.
     */
    @Override
    public void close() {
        feed.close();
        jobs.close(CloseOptions.groupMembershipOperation(stopping ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                : CloseOptions.GroupMembershipOperation.DEFAULT).withTimeout(Duration.ofSeconds(5)));
        producer.close(Duration.ofSeconds(5));
    }
}
