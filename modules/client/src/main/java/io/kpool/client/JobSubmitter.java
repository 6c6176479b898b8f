package io.kpool.client;

import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes jobs to {@code <prefix>.jobs}: idempotent, batched; {@link #flush()} waits for them all. */
public final class JobSubmitter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** A submitter that batches for up to 10 ms: for throughput. */
    public JobSubmitter(KafkaSettings kafka) {
        this(kafka, 10);
    }

    /**
     * @param lingerMs how long to wait for more jobs to send together (0 for the least latency)
     */
    public JobSubmitter(KafkaSettings kafka, int lingerMs) {
        var props = kafka.producer("kpool-client");
        props.put("linger.ms", lingerMs);
        props.put("max.request.size", 16 * 1024 * 1024);
        this.producer = new KafkaProducer<>(props);
        this.topic = kafka.topics().jobs();
    }

    /** Sends a job, keyed by its id. */
    public void submit(Job job) {
        send(job.id(), Json.encode(job));
    }

    /** Sends any value as it is (the dispatcher decides what it is worth). */
    public void send(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /**
     * Waits until every job sent so far is written.
     *
     * @throws IllegalStateException when Kafka refused one
     */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Kafka refused a job: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
