package io.kpool.bench.peer;

import io.kpool.bench.RawTopics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input and output topics of one peer pool run ({@code <name>.in}, {@code <name>.out}, as many
 * partitions as members), and the consumer group named like them.
 */
public record PeerTopics(String name, int partitions) {

    private static final Logger log = LoggerFactory.getLogger(PeerTopics.class);

    public String input() {
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
        return RawTopics.partitions(topic, partitions);
    }

    /** Creates both topics and waits until every partition answers (see {@link RawTopics#create}). */
    public void create(Map<String, Object> connection) {
        RawTopics.create(connection, Map.of(input(), partitions, output(), partitions));
        log.info("topics {} and {} ready ({} partitions)", input(), output(), partitions);
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
}
