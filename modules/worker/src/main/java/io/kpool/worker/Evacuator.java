package io.kpool.worker;

import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Position;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.TasksRerouted;
import io.kpool.transport.Transactions;
import io.kpool.transport.local.PoisonFile;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the task partition of a slot that gave up: fences the slot (its transactional id), then
 * moves each queued task back to {@code <prefix>.jobs} as a job of a later attempt, committing the
 * slot's position in the same transaction, until no task has come for {@code idleExit}. A task
 * with a poison verdict is dead-lettered instead. Runs no handler, so no job can crash it.
 */
public final class Evacuator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Evacuator.class);

    private final WorkerConfig config;
    private final Topics topics;
    private final WorkerClients clients;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final TopicPartition partition;
    private final SlotPosition slotPosition;
    private final Map<Long, PoisonVerdict> poison = new HashMap<>();

    /** An evacuator on the wall clock, with a producer from where {@code clients} came from. */
    public Evacuator(WorkerConfig config, WorkerClients clients) {
        this(config, clients, Clock.systemUTC());
    }

    /** @param clock the time it stamps what it writes with, and waits {@code idleExit} by */
    Evacuator(WorkerConfig config, WorkerClients clients, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.topics = config.kafka().topics();
        this.clients = clients;
        this.partition = new TopicPartition(topics.tasks(), config.slot());
        this.slotPosition = new SlotPosition(topics, config.slot(), clock);
        PoisonFile.read(config.poisonFile()).verdicts().forEach(v -> poison.put(v.offset(), v));
        this.producer = clients.transport.producer(WorkerClients.evacuatorProducer(config.kafka(), config.slot()));
    }

    /**
     * Moves the slot's queued tasks until none has come for {@code idleExit}.
     *
     * @return how many tasks were moved
     */
    public long run(Duration idleExit) throws Exception {
        Transactions.init(producer, topics.workerTransactionalId(config.slot()), config.kafka());
        Optional<Position> from = slotPosition.read(clients.consumer, clients);
        clients.consumer.assign(List.of(partition));
        if (from.isEmpty()) {
            clients.consumer.seekToBeginning(List.of(partition));
        } else {
            clients.consumer.seek(partition, from.get().next());
        }
        Progress progress = new Progress(clients.consumer.position(partition),
                from.map(Position::done).orElse(List.of()));
        long moved = 0;
        long quietSince = clock.millis();
        while (clock.millis() - quietSince < idleExit.toMillis()) {
            ConsumerRecords<String, byte[]> records = clients.consumer.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
                continue;
            }
            quietSince = clock.millis();
            producer.beginTransaction();
            long at = clients.consumer.position(partition);
            long movedHere = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                if (!progress.fetched(record.offset(), at)) {
                    continue; // done already: its result is committed
                }
                PoisonVerdict verdict = poison.remove(record.offset());
                if (verdict != null) {
                    PoisonLetters.send(producer, topics, config.slot(), record, verdict, clock.millis());
                } else {
                    Task task = Json.decode(record.value(), Task.class);
                    Job job = new Job(task.jobId(), task.payload(), task.handler(), task.attempt() + 1);
                    producer.send(new ProducerRecord<>(topics.jobs(), task.jobId(), Json.encode(job)));
                    movedHere++;
                }
                progress.done(record.offset());
            }
            producer.send(new ProducerRecord<>(topics.events(), String.valueOf(config.slot()), Json.encode(
                    new TasksRerouted(config.slot(), movedHere, clock.millis()))));
            producer.send(slotPosition.record(progress.next(), progress.doneAhead(), config.incarnation()));
            producer.commitTransaction();
            moved += movedHere;
            log.info("moved {} tasks of slot {} back to {}", movedHere, config.slot(), topics.jobs());
        }
        return moved;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
        clients.close();
    }
}
