package io.kpool.worker;

import io.kpool.core.cancel.CancelledJobs;
import io.kpool.protocol.CancelOrder;
import io.kpool.protocol.Json;
import io.kpool.protocol.Task;
import io.kpool.transport.TopicAdmin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's view of the cancel orders: it reads {@code <prefix>.cancels} (read_committed) from the
 * beginning, up to its end before the worker takes its first task ({@link #load}), then on a thread
 * of its own. The worker claims each task before it runs it ({@link #claim}): a task of a cancelled
 * job is not claimed (the worker dead-letters it instead), and an order for a job whose task is
 * claimed, running, calls {@code stop} with that job's id, which ends the process. Checking and
 * claiming, and noting an order and looking for its running task, are done under one lock, so an
 * order that comes while a task starts is either seen by the claim or finds the task running.
 */
final class CancelWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final Consumer<String> stop;
    private final Clock clock;
    private final CancelledJobs cancelled = new CancelledJobs(TopicAdmin.CANCEL_RETENTION);
    /** The tasks running now, by lane. */
    private final Map<Integer, Task> running = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param consumer a consumer for it alone, read_committed, in no group; its owner closes it
     * @param stop     called with the id of a running job that was cancelled, on the watch's thread
     *                 and under its lock: it must end the process
     * @param clock    the time orders expire by
     */
    CancelWatch(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, String topic, int slot,
                Consumer<String> stop, Clock clock) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, 0);
        this.stop = stop;
        this.clock = clock;
        this.thread = new Thread(this::follow, "kpool-cancels-" + slot);
        thread.setDaemon(true);
    }

    /**
     * Reads every order up to the end of the topic as it is now: call before the first task.
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    void load(Duration timeout) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read the cancel orders of " + partition + " to offset " + end
                        + " within " + timeout.toMillis() + " ms");
            }
            take(consumer.poll(POLL));
        }
        synchronized (this) {
            log.debug("{} cancel orders known", cancelled.size());
        }
    }

    /** Follows the orders on a thread of its own from here on. */
    void start() {
        thread.start();
    }

    private void follow() {
        try {
            while (!closed) {
                take(consumer.poll(POLL));
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void take(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            CancelOrder order;
            try {
                order = Json.decode(record.value(), CancelOrder.class);
            } catch (RuntimeException e) {
                log.warn("ignored {}-{}@{}: not a cancel order ({})", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                continue;
            }
            if (order.jobId() != null) {
                ordered(order);
            }
        }
    }

    private synchronized void ordered(CancelOrder order) {
        if (!cancelled.cancel(order.jobId(), order.submittedAt(), Instant.ofEpochMilli(order.at()))) {
            return;
        }
        cancelled.expire(clock.instant());
        for (Task task : running.values()) {
            if (task.jobId().equals(order.jobId()) && task.submittedAt() == order.submittedAt()) {
                stop.accept(task.jobId());
            }
        }
    }

    /**
     * Claims {@code lane} for {@code task}, unless the task's job is cancelled.
     *
     * @return false when the job is cancelled: the task must not run
     */
    synchronized boolean claim(int lane, Task task) {
        if (cancelled.cancelled(task.jobId(), task.submittedAt())) {
            return false;
        }
        running.put(lane, task);
        return true;
    }

    /** The task in {@code lane} has finished: an order for its job no longer stops the worker. */
    synchronized void release(int lane) {
        running.remove(lane);
    }

    /** Stops following the orders; the consumer stays open for its owner to close. */
    @Override
    public void close() {
        closed = true;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
