package io.kpool.dispatcher;

import io.kpool.transport.KafkaClients;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatcher's partitions of the jobs topic: held (paused) while no worker is alive, and, when
 * the group gives it some, taken over: the dedupe memory, the delayed jobs and the cancel orders
 * relearned once the previous owner's last transaction has ended. Partitions handed over while
 * jobs are held stay held. On the dispatcher's thread (rebalances run inside its polls).
 */
final class JobPartitions implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(JobPartitions.class);

    private final Consumer<String, byte[]> jobs;
    private final DispatcherConfig config;
    private final KafkaClients clients;
    private final Clock clock;
    private final RecentIdsRelearner relearner;
    private final DelayedJobs delayed;
    private final Cancellations cancellations;
    private volatile boolean joined;
    private boolean paused;

    JobPartitions(Consumer<String, byte[]> jobs, DispatcherConfig config, KafkaClients clients, Clock clock,
                  RecentIdsRelearner relearner, DelayedJobs delayed, Cancellations cancellations) {
        this.jobs = jobs;
        this.config = config;
        this.clients = clients;
        this.clock = clock;
        this.relearner = relearner;
        this.delayed = delayed;
        this.cancellations = cancellations;
    }

    /** Whether the dispatcher has joined the jobs group (with or without partitions). Safe from any thread. */
    boolean joined() {
        return joined;
    }

    /** No worker is alive: read no jobs until one is. */
    void hold() {
        if (!paused) {
            log.info("no live worker: holding jobs until one is up");
            jobs.pause(jobs.assignment());
            paused = true;
        }
    }

    /** A worker is alive: read jobs again. */
    void release() {
        if (paused) {
            log.info("a worker is live: dispatching again");
            jobs.resume(jobs.paused());
            paused = false;
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // transactions never span a poll, so nothing is open here
        delayed.drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        delayed.drop(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        joined = true;
        if (partitions.isEmpty()) {
            return;
        }
        // fetching the committed offsets waits for the previous owner's last transaction
        Map<TopicPartition, OffsetAndMetadata> committed = jobs.committed(Set.copyOf(partitions));
        if (!config.dedupeWindow().isZero()) {
            relearner.relearn(partitions, committed);
        }
        delayed.load(config.kafka(), clients, config.clientId() + "-delayed", partitions);
        cancellations.relearn(config.kafka(), clients, config.clientId() + "-cancels", clock.instant());
        if (paused) {
            jobs.pause(partitions);
        }
    }
}
