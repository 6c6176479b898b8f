package io.kpool.transport;

import io.kpool.protocol.Topics;
import io.kpool.transport.security.KafkaRefusal;
import io.kpool.transport.security.KafkaRefusedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates kpool's topics when they are missing, grows {@code tasks} and {@code positions} to one
 * partition per slot, and
 * waits until every partition takes writes: a freshly created topic can answer metadata before all
 * its partitions have a leader, and a producer writing then may lose a batch.
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    /** Heartbeats are only worth a few minutes. */
    static final long HEARTBEAT_RETENTION_MS = Duration.ofMinutes(10).toMillis();
    /** Events are a bounded broadcast: a day, and at most 100 MiB per partition. */
    static final long EVENT_RETENTION_MS = Duration.ofDays(1).toMillis();
    static final long EVENT_RETENTION_BYTES = 100L * 1024 * 1024;
    /** How long cancel orders are kept: every worker reads them all at its start. */
    public static final Duration CANCEL_RETENTION = Duration.ofDays(1);

    private final KafkaSettings settings;
    private final Admin admin;

    /**
     * @throws KafkaRefusedException when the listeners speak TLS or SASL and these settings do not
     */
    public TopicAdmin(KafkaSettings settings) {
        KafkaProbe.requireSameProtocol(settings);
        this.settings = settings;
        this.admin = Admin.create(settings.admin("kpool-admin"));
    }

    /**
     * Makes sure every topic exists with at least the layout's partitions, then waits until each
     * partition answers.
     *
     * @throws KafkaUnavailableException when Kafka does not answer within {@code timeout}
     * @throws KafkaRefusedException     when Kafka refuses this client, or it may not create a missing topic
     */
    public void ensure(TopicLayout layout, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, TopicDescription> existing = describeExisting(deadline);
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : specs(layout)) {
            if (!existing.containsKey(topic.name())) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            log.info("creating topics {}", missing.stream().map(NewTopic::name).toList());
            missing.forEach(t -> await(admin.createTopics(List.of(t)).all(), deadline, "create topic " + t.name(), true));
        }
        growTo(settings.topics().tasks(), layout.slots(), deadline);
        growTo(settings.topics().positions(), layout.slots(), deadline);
        // delayed partition i holds the waiting jobs of jobs partition i
        growTo(settings.topics().delayed(), partitions(settings.topics().jobs(),
                Duration.ofMillis(remaining(deadline))), deadline);
        awaitWritable(deadline);
    }

    /**
     * Grows a topic with a partition per slot ({@code tasks}, {@code positions}), or per jobs
     * partition ({@code delayed}), to {@code slots} partitions unless it has them. Looked at after creating: roles starting together (pods, say) race to create the
     * topics, and the one that creates it may want fewer partitions (a dispatcher wants one) than the
     * one that found it missing a moment before and was told it exists; another may be growing it at
     * the same time.
     */
    private void growTo(String topic, int slots, Instant deadline) {
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                int have = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(remaining(deadline), TimeUnit.MILLISECONDS).get(topic).partitions().size();
                if (have >= slots) {
                    return;
                }
                log.info("growing {} from {} to {} partitions", topic, have, slots);
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(slots))).all()
                        .get(remaining(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                // Unknown for a moment after another's create, or grown by another meanwhile: look again.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException
                        || e.getCause() instanceof InvalidPartitionsException)) {
                    throw unavailable("add partitions to " + topic, e.getCause());
                }
                last = e.getCause();
                pause();
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("add partitions to " + topic + " (interrupted)", e);
            }
        }
        throw unavailable("give " + topic + " " + slots + " partitions", last);
    }

    /** How many partitions a topic has. */
    public int partitions(String topic, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        return await(admin.describeTopics(List.of(topic)).allTopicNames(), deadline, "describe " + topic, false)
                .get(topic).partitions().size();
    }

    private List<NewTopic> specs(TopicLayout layout) {
        Topics t = settings.topics();
        return List.of(
                topic(t.jobs(), layout.jobPartitions(), Map.of()),
                topic(t.tasks(), layout.slots(), Map.of()),
                topic(t.results(), layout.resultPartitions(), Map.of()),
                topic(t.deadLetters(), 1, Map.of()),
                topic(t.heartbeats(), 1, Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(HEARTBEAT_RETENTION_MS),
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofMinutes(1).toMillis()))),
                topic(t.workers(), 1, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofMinutes(10).toMillis()))),
                topic(t.events(), 1, Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(EVENT_RETENTION_MS),
                        TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(EVENT_RETENTION_BYTES))),
                // One record per commit of a worker; only each slot's last one matters.
                topic(t.positions(), layout.slots(), Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                        TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024),
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofMinutes(10).toMillis()))),
                // A record per waiting job, a tombstone once it is routed: only the waiting ones stay.
                topic(t.delayed(), layout.jobPartitions(), Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofMinutes(10).toMillis()))),
                topic(t.cancels(), 1, Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(CANCEL_RETENTION.toMillis()),
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()))));
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
    }

    private Map<String, TopicDescription> describeExisting(Instant deadline) {
        var names = await(admin.listTopics().names(), deadline, "list topics", false);
        List<String> ours = settings.topics().all().stream().filter(names::contains).toList();
        if (ours.isEmpty()) {
            return Map.of();
        }
        return await(admin.describeTopics(ours).allTopicNames(), deadline, "describe topics", false);
    }

    /**
     * Waits until every partition of every topic answers a list-offsets request. Fresh topics may
     * be unknown for a moment even to describe, so both are retried until the deadline.
     */
    private void awaitWritable(Instant deadline) {
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(settings.topics().all()).allTopicNames()
                        .get(remaining(deadline), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                topics.values().forEach(d -> d.partitions().forEach(
                        p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (KafkaRefusal.isRefusal(e.getCause())) {
                    throw refused("wait for the topics' partitions", e.getCause());
                }
                last = e.getCause();
                log.debug("partitions not ready yet: {}", last.toString());
                pause();
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("wait for the topics' partitions (interrupted)", e);
            }
        }
        throw unavailable("wait for the topics' partitions", last);
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, Instant deadline, String what, boolean existsIsFine) {
        try {
            return future.get(remaining(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (existsIsFine && e.getCause() instanceof TopicExistsException) {
                return null;
            }
            if (KafkaRefusal.isRefusal(e.getCause())) {
                throw refused(what, e.getCause());
            }
            throw unavailable(what, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what + " (interrupted)", e);
        }
    }

    private static long remaining(Instant deadline) {
        return Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    }

    /**
     * A refusal; for a topic this principal may not create or grow, what to do instead: on a secured
     * cluster, the operator creates the topics ({@code kpool acls --apply}), and the roles do not.
     */
    private KafkaRefusedException refused(String what, Throwable cause) {
        String refusal = KafkaRefusal.describe(cause, settings).orElse(String.valueOf(cause));
        if (what.startsWith("create topic ") || what.startsWith("add partitions")) {
            return new KafkaRefusedException("could not " + what + " on Kafka at " + settings.bootstrap()
                    + ": this principal may not (" + refusal + "). On a secured cluster the operator creates the "
                    + "pool's topics: kpool acls --apply --workers N (with the operator's --kafka-config)", cause);
        }
        return new KafkaRefusedException(refusal, cause);
    }

    private KafkaUnavailableException unavailable(String what, Throwable cause) {
        return new KafkaUnavailableException("could not " + what + " on Kafka at " + settings.bootstrap()
                + ": " + (cause instanceof TimeoutException ? "no answer in time" : String.valueOf(cause)), cause);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
