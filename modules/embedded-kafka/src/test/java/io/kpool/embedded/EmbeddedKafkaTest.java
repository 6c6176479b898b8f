package io.kpool.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @Test
    void runsARealBrokerThatKeepsItsDataAcrossARestart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "hello")).get();
            }
        }

        try (EmbeddedKafka again = EmbeddedKafka.start(0, dir);
             var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", again.bootstrap()),
                     new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition("t", 0)));
            consumer.seekToBeginning(consumer.assignment());
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records.iterator().next().value()).isEqualTo("hello");
        }
        assertThat(Files.readString(dir.resolve("server.properties"), StandardCharsets.ISO_8859_1))
                .contains("process.roles=broker,controller");
    }

    @Test
    void namesTheBusyPortItCannotTake() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedKafka.start(taken.getLocalPort(), null))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("--kafka-port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void removesATemporaryDataDirectoryOnClose() {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            dir = kafka.dataDir();
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
    }
}
