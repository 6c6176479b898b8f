package io.kpool.worker;

import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.security.KafkaRefusal;
import io.kpool.transport.security.KafkaRefusedException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the worker's heartbeats from a thread of its own, with a producer of its own (not the
 * transactional one), so that a long job does not silence them. A stopped (SIGSTOP) or wedged process sends none.
 */
final class Heartbeater implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);

    private final WorkerConfig config;
    private final BlackBox progress;
    private final LongSupplier queued;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final long pid = ProcessHandle.current().pid();
    private volatile KafkaRefusedException refused;

    /** @param clock the time each heartbeat is stamped with; the interval between them is the wall clock's */
    Heartbeater(WorkerConfig config, BlackBox progress, LongSupplier queued, Producer<String, byte[]> producer,
                Clock clock) {
        this.config = config;
        this.progress = progress;
        this.queued = queued;
        this.producer = producer;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kpool-heartbeat-" + config.slot());
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long every = config.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        progress.beat(clock.millis());
        try {
            Heartbeat heartbeat = new Heartbeat(config.slot(), config.incarnation(), pid, progress.processed(),
                    progress.position(), queued.getAsLong(), progress.currentJob(), progress.busySince(),
                    clock.millis(), config.concurrency());
            producer.send(new ProducerRecord<>(config.kafka().topics().heartbeats(), String.valueOf(config.slot()),
                    Json.encode(heartbeat)), (meta, e) -> {
                        if (e != null) {
                            refusedBy(e);
                        }
                    });
        } catch (RuntimeException e) {
            refusedBy(e);
            log.warn("heartbeat not sent: {}", e.toString());
        }
    }

    /** A heartbeat Kafka refuses (an ACL, the credentials) will be refused again: the worker must stop. */
    private void refusedBy(Exception e) {
        if (refused == null && KafkaRefusal.isRefusal(e)) {
            refused = new KafkaRefusedException("heartbeats refused: " + KafkaRefusal.describe(e, config.kafka())
                    .orElse(e.toString()), e);
        }
    }

    /**
     * Returns when Kafka has taken the heartbeats so far, or has failed them only for reasons that
     * may pass.
     *
     * @throws KafkaRefusedException when Kafka refused one
     */
    void requireAccepted() {
        KafkaRefusedException e = refused;
        if (e != null) {
            throw e;
        }
    }

    /** Stops beating; the producer belongs to the worker's clients. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
