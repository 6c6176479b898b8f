package io.kpool.transport;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Where a role's Kafka clients come from: Kafka's own ({@link #kafka()}), or, in a unit test of a
 * role's loop, Kafka's {@code MockConsumer} and {@code MockProducer}. The properties are those
 * {@link KafkaSettings} builds, with the role's own settings added.
 */
public interface KafkaClients {

    /** A consumer with these properties: in a group when they name one, else assigned by its owner. */
    Consumer<String, byte[]> consumer(Map<String, Object> properties);

    /** A producer with these properties, transactional when they name a {@code transactional.id}. */
    Producer<String, byte[]> producer(Map<String, Object> properties);

    /** Kafka's clients. */
    static KafkaClients kafka() {
        return new KafkaClients() {
            @Override
            public Consumer<String, byte[]> consumer(Map<String, Object> properties) {
                return new KafkaConsumer<>(properties);
            }

            @Override
            public Producer<String, byte[]> producer(Map<String, Object> properties) {
                return new KafkaProducer<>(properties);
            }
        };
    }
}
