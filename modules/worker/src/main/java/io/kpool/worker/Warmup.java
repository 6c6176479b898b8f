package io.kpool.worker;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import io.kpool.protocol.Task;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker's code paths once without touching any slot: loads the classes (for a spare that
 * waits warm, and for the class-data archive a training run leaves behind) and opens connections
 * to Kafka the way a worker will.
 */
public final class Warmup {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);

    private Warmup() {
    }

    /**
     * Exercises the JSON codec and the handler lookup (a process handler is not started), and opens
     * the worker's clients.
     *
     * @return the clients, connected, for the worker to use
     */
    public static WorkerClients run(KafkaSettings kafka, String handler, HandlerCatalog handlers, String clientId,
                                    int batchSize) {
        return run(kafka, handler, handlers, clientId, batchSize, KafkaClients.kafka());
    }

    /** {@link #run(KafkaSettings, String, HandlerCatalog, String, int)} on the clients {@code transport} gives. */
    public static WorkerClients run(KafkaSettings kafka, String handler, HandlerCatalog handlers, String clientId,
                                    int batchSize, KafkaClients transport) {
        long started = System.nanoTime();
        handlers.defaultHandler("handler", handler);
        Task task = new Task("warmup", IntNode.valueOf(1), null, 0, 1, 0, 0);
        Json.decode(Json.encode(task), Task.class);
        Json.decode(Json.encode(new Result("warmup", IntNode.valueOf(2), 0, 1, 1, 0, 0)), Result.class);
        Json.encode(new Heartbeat(0, 1, 1, 0, 0, 0, null, null, 0));
        Json.encode(new DeadLetter("warmup", "crashed_worker", "", "", "utf8", new DeadLetter.Origin("t", 0, 0), 0,
                new DeadLetter.Evidence(0, List.of())));
        try (BlackBox box = BlackBox.open(null, 0, 0)) {
            box.begin(0, 0, "warmup");
            box.end(0);
            box.position(1);
        }
        WorkerClients clients = WorkerClients.open(kafka, clientId, batchSize, transport);
        warmPoisonFile();
        for (int i = 0; i < 3; i++) {
            // Constructing a producer runs much configuration code: a few rounds get it compiled. A
            // transactional one is only built (initTransactions would talk to the broker).
            transport.producer(WorkerClients.transactionalProducer(kafka, clientId + "-warmup",
                    clientId + "-warmup-" + i)).close(Duration.ZERO);
        }
        log.info("warm in {} ms", (System.nanoTime() - started) / 1_000_000);
        return clients;
    }

    /** The poison file's codec, as a takeover reads it. */
    private static void warmPoisonFile() {
        try {
            Path file = Files.createTempFile("kpool-warmup-", ".poison.json");
            try {
                PoisonFile.write(file, List.of(), java.util.Set.of());
                PoisonFile.read(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.debug("no poison file warm-up: {}", e.toString());
        }
    }
}
