package io.kpool.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Assigning whole topics to a consumer that reads without a group. */
public final class Partitions {

    private Partitions() {
    }

    /** Where an assigned reader starts. */
    public enum Start { BEGINNING, END }

    /**
     * Every partition of the topics.
     *
     * @throws KafkaUnavailableException naming the topic when it does not exist
     */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, KafkaSettings kafka, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new KafkaUnavailableException("topic " + topic + " does not exist on Kafka at " + kafka.bootstrap()
                        + " (start kpool up, or any kpool role, to create the topics)", null);
            }
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }

    /** Assigns every partition of the topics and positions the consumer at their beginning or end. */
    public static List<TopicPartition> assign(Consumer<?, ?> consumer, KafkaSettings kafka, List<String> topics,
                                              Start start) {
        List<TopicPartition> partitions = of(consumer, kafka, topics);
        consumer.assign(partitions);
        if (start == Start.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position);
        return partitions;
    }
}
