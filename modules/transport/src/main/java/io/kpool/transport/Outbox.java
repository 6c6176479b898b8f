package io.kpool.transport;

import io.kpool.transport.security.KafkaRefusal;
import io.kpool.transport.security.KafkaRefusedException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records from a thread of its own, so that whoever hands them over never waits on Kafka:
 * when the broker is away, {@link KafkaProducer#send} blocks for metadata, and a supervisor must go
 * on watching and killing its processes meanwhile. Holds up to {@code capacity} records; past that
 * it drops the newest and counts them. A write Kafka refuses (an ACL, the credentials) would be
 * refused again and again: {@link #requireAccepted()} then throws, for the owner to stop.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final ProducerRecord<String, byte[]> STOP = new ProducerRecord<>("", null);

    private final Producer<String, byte[]> producer;
    private final BlockingQueue<ProducerRecord<String, byte[]>> queue;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final KafkaSettings kafka;
    private volatile KafkaRefusedException refused;

    public Outbox(KafkaSettings kafka, String clientId, int capacity) {
        this(kafka, new KafkaProducer<>(kafka.producer(clientId)), clientId, capacity);
    }

    /**
     * As {@link #Outbox(KafkaSettings, String, int)}, writing with {@code producer}, which it owns
     * from now on (it closes it).
     */
    public Outbox(KafkaSettings kafka, Producer<String, byte[]> producer, String clientId, int capacity) {
        this.kafka = kafka;
        this.producer = producer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = new Thread(this::drain, clientId + "-outbox");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues a record; never blocks. */
    public void send(String topic, String key, byte[] value) {
        if (!queue.offer(new ProducerRecord<>(topic, key, value)) && dropped.incrementAndGet() % 1000 == 1) {
            log.warn("Kafka is not taking records: {} dropped so far", dropped.get());
        }
    }

    private void drain() {
        try {
            for (ProducerRecord<String, byte[]> next = queue.take(); next != STOP; next = queue.take()) {
                ProducerRecord<String, byte[]> record = next;
                try {
                    producer.send(record, (meta, e) -> {
                        if (e != null) {
                            failed(record, e);
                        }
                    });
                } catch (RuntimeException e) {
                    failed(record, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(ProducerRecord<String, byte[]> record, Exception e) {
        if (refused == null && KafkaRefusal.isRefusal(e)) {
            refused = new KafkaRefusedException("could not write to " + record.topic() + ": "
                    + KafkaRefusal.describe(e, kafka).orElse(e.toString()), e);
        }
        log.warn("could not write to {}: {}", record.topic(), e.toString());
    }

    /**
     * Returns unless Kafka has refused a record.
     *
     * @throws KafkaRefusedException saying what Kafka refused
     */
    public void requireAccepted() {
        KafkaRefusedException e = refused;
        if (e != null) {
            throw e;
        }
    }

    /** Sends what is queued, waiting at most {@code timeout}, then closes the producer. */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            queue.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS);
            sender.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
