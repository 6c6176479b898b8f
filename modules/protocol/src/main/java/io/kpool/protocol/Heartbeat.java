package io.kpool.protocol;

/**
 * A worker's sign of life on {@code <prefix>.heartbeats}, keyed by slot, sent every heartbeat
 * interval by a thread of its own.
 *
 * @param workerId    the slot
 * @param incarnation which process of the slot (1, 2, ...)
 * @param pid         the worker's process id
 * @param processed   jobs finished by this incarnation
 * @param position    the offset of the next task the worker will take from its partition
 * @param queued      tasks waiting in its partition behind the position, as the worker last saw
 * @param currentJob  the job it is running now, if any
 * @param busySince   when it started {@code currentJob} (epoch millis), if any
 * @param at          when the heartbeat was sent (epoch millis)
 * @param concurrency the most tasks it runs at once ({@code --concurrency}); null from workers
 *                    before it existed, which ran one
 */
public record Heartbeat(int workerId, long incarnation, long pid, long processed, long position, long queued,
                        String currentJob, Long busySince, long at, Integer concurrency) {

    /** A heartbeat of a worker that runs one task at a time. */
    public Heartbeat(int workerId, long incarnation, long pid, long processed, long position, long queued,
                     String currentJob, Long busySince, long at) {
        this(workerId, incarnation, pid, processed, position, queued, currentJob, busySince, at, 1);
    }

    /** How many tasks it runs at once (1 when it did not say). */
    public int lanes() {
        return concurrency == null || concurrency < 1 ? 1 : concurrency;
    }
}
