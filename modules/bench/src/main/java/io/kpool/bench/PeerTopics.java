package io.kpool.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input and output topics of one peer pool run ({@code <name>.in}, {@code <name>.out}, as many
 * partitions as members), and the consumer group named like them.
 */
record PeerTopics(String name, int partitions) {

    private static final Logger log = LoggerFactory.getLogger(PeerTopics.class);

    String input() {
        return name + ".in";
    }

    String output() {
        return name + ".out";
    }

    String group() {
        return name;
    }

    List<TopicPartition> inputPartitions() {
        return partitionsOf(input());
    }

    List<TopicPartition> outputPartitions() {
        return partitionsOf(output());
    }

    private List<TopicPartition> partitionsOf(String topic) {
        return java.util.stream.IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    /**
     * Creates both topics and waits until every partition answers {@code listOffsets}: a topic just
     * created may not yet accept writes on every partition (KAFKA-NOTES).
     */
    void create(Admin admin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            admin.createTopics(List.of(new NewTopic(input(), partitions, (short) 1),
                    new NewTopic(output(), partitions, (short) 1))).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topics of " + name + ": " + e, e);
        }
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        for (TopicPartition p : inputPartitions()) {
            all.put(p, OffsetSpec.latest());
        }
        for (TopicPartition p : outputPartitions()) {
            all.put(p, OffsetSpec.latest());
        }
        while (true) {
            try {
                admin.listOffsets(all).all().get(Math.max(1, Math.min(2000, remainingMs(deadline))), TimeUnit.MILLISECONDS);
                log.info("topics {} and {} ready ({} partitions)", input(), output(), partitions);
                return;
            } catch (ExecutionException | TimeoutException e) {
                boolean retriable = e instanceof TimeoutException || e.getCause() instanceof RetriableException;
                if (!retriable || remainingMs(deadline) <= 0) {
                    throw new IllegalStateException("the topics of " + name + " did not become ready: " + e, e);
                }
                log.debug("topics not ready yet: {}", e.toString());
            }
        }
    }

    /** The end offsets (high watermarks) of the input partitions, by partition number. */
    Map<Integer, Long> inputEnds(Admin admin) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition p : inputPartitions()) {
            request.put(p, OffsetSpec.latest());
        }
        try {
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((p, info) -> ends.put(p.partition(), info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + input() + ": " + e, e);
        }
    }

    private static long remainingMs(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
