package io.kpool.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Plain topics for the raw-Kafka measurements, created and waited for until every partition answers. */
public final class RawTopics {

    private RawTopics() {
    }

    public static void create(Map<String, Object> connection, Map<String, Integer> partitions) {
        try (Admin admin = Admin.create(connection)) {
            admin.createTopics(partitions.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), Optional.of(e.getValue()), Optional.empty())).toList())
                    .all().get(60, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> all = new HashMap<>();
            partitions.forEach((topic, n) -> {
                for (int p = 0; p < n; p++) {
                    all.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            });
            Instant deadline = Instant.now().plusSeconds(60);
            while (true) {
                try {
                    admin.listOffsets(all).all().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("topics " + partitions.keySet() + " never answered", e);
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + partitions.keySet() + ": " + e, e);
        }
    }

    public static List<TopicPartition> partitions(String topic, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
