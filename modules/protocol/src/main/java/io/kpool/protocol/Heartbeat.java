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
 */
public record Heartbeat(int workerId, long incarnation, long pid, long processed, long position, long queued,
                        String currentJob, Long busySince, long at) {
}
