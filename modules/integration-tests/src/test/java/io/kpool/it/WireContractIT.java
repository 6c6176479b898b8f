package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's wire contract, spoken by a client that is not kpool's: plain Kafka clients writing
 * and reading JSON text.
 */
@ExtendWith(SharedBroker.class)
class WireContractIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aJobWrittenAsJsonTextYieldsItsResultOnTheResultsTopic() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2)) {
            String prefix = pool.kafka().topics().prefix();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", SharedBroker.bootstrap()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(prefix + ".jobs", "j1", "{\"id\":\"j1\",\"payload\":21}")).get();
                producer.send(new ProducerRecord<>(prefix + ".jobs", "oops", "this is not json")).get();
            }

            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", SharedBroker.bootstrap());
            props.put("isolation.level", "read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer())) {
                ObjectMapper json = new ObjectMapper();
                List<TopicPartition> partitions = new java.util.ArrayList<>();
                for (String topic : List.of(prefix + ".results", prefix + ".dead-letters")) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<String, ConsumerRecord<String, String>> byTopic = new HashMap<>();
                await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> byTopic.put(r.topic(), r));
                    return byTopic.size() == 2;
                });

                ConsumerRecord<String, String> result = byTopic.get(prefix + ".results");
                assertThat(result.key()).isEqualTo("j1");
                JsonNode value = json.readTree(result.value());
                assertThat(value.get("jobId").asText()).isEqualTo("j1");
                assertThat(value.get("output").asInt()).isEqualTo(42);
                assertThat(value.has("workerId")).isTrue();

                JsonNode letter = json.readTree(byTopic.get(prefix + ".dead-letters").value());
                assertThat(letter.get("reason").asText()).isEqualTo("not_json");
                assertThat(letter.get("raw").asText()).isEqualTo("this is not json");
                assertThat(letter.has("jobId")).isFalse();
            }
        }
    }
}
