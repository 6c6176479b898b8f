package io.kpool.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks a worker runs at once, up to {@code --concurrency}: one lane each (its place in the
 * black box), run on the worker's thread when the concurrency is 1 and on a thread of their own
 * otherwise. What they end with comes back as a {@link Finished} to the worker's thread, which
 * alone touches Kafka. A suspect (a task that was running when a predecessor crashed) runs alone:
 * it starts when no other task runs, and no other starts until it has finished.
 */
final class Lanes implements AutoCloseable {

    /** How a task ended: its output, or what it threw. */
    record Finished(int lane, long offset, Object context, JsonNode output, Throwable failure) {
    }

    private final int concurrency;
    private final ExecutorService threads;
    private final Deque<Integer> free = new ArrayDeque<>();
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private int running;
    private boolean alone;

    Lanes(int concurrency, int slot) {
        this.concurrency = concurrency;
        for (int lane = 0; lane < concurrency; lane++) {
            free.add(lane);
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = concurrency == 1 ? null : Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "kpool-worker-" + slot + "-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether a task (a suspect, or not) may start now. */
    boolean canStart(boolean suspect) {
        return !alone && running < concurrency && (!suspect || running == 0);
    }

    /** The lane the next task will run in; call {@link #start} with it. */
    int nextLane() {
        return free.peek();
    }

    /** Runs {@code job} in {@code lane}; {@code context} comes back with its {@link Finished}. */
    void start(int lane, long offset, Object context, boolean suspect, Callable<JsonNode> job) {
        free.remove(lane);
        running++;
        alone = suspect;
        Runnable run = () -> {
            try {
                finished.add(new Finished(lane, offset, context, job.call(), null));
            } catch (Throwable t) {
                finished.add(new Finished(lane, offset, context, null, t));
            }
        };
        if (threads == null) {
            run.run();
        } else {
            threads.execute(run);
        }
    }

    /** A task that has finished, if one has; its lane is free again. */
    Finished poll() {
        return freed(finished.poll());
    }

    /** Waits up to {@code timeout} for a task to finish; null if none did. */
    Finished await(Duration timeout) throws InterruptedException {
        return freed(finished.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    private Finished freed(Finished f) {
        if (f != null) {
            free.add(f.lane());
            running--;
            alone = false;
        }
        return f;
    }

    /** How many tasks run now. */
    int running() {
        return running;
    }

    /** Stops the threads; a task still running is interrupted (the process is ending). */
    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
