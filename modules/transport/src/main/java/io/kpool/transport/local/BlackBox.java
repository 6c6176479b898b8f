package io.kpool.transport.local;

import io.kpool.core.supervision.Culprit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A worker's flight recorder: a small memory-mapped file where the worker notes each task it starts
 * and each it finished, one lane per task it may run at once ({@code --concurrency}). The writes
 * are memory stores (no system call per task) and outlive the process however it dies, so its
 * supervisor can read which jobs were running at the crash. The same object answers the heartbeat
 * thread's questions about progress, from volatile fields. Written by one thread.
 */
public final class BlackBox implements AutoCloseable {

    /** The header: who wrote it, its progress, its heartbeat thread's sign of life. */
    static final int SIZE = 4096;
    static final int MAGIC = 0x4B504243;
    static final int MAX_JOB_ID_BYTES = 1024;

    private static final int MAGIC_AT = 0;
    private static final int PID_AT = 8;
    private static final int INCARNATION_AT = 16;
    private static final int LANES_AT = 24;
    private static final int PROCESSED_AT = 48;
    private static final int POSITION_AT = 56;
    /** The job cancelled while it ran, for which the worker stopped: its id's length, then the id. */
    private static final int CANCELLED_LENGTH_AT = 512;
    private static final int CANCELLED_AT = 516;
    /** Written by the heartbeat thread: a sign of life that does not need Kafka. */
    private static final int BEAT_AT = 2048;

    /** Lane {@code i} starts at {@code SIZE + i * LANE}. */
    private static final int LANE = 1056;
    private static final int BUSY = 0;
    private static final int OFFSET = 8;
    private static final int STARTED = 16;
    private static final int JOB_ID_LENGTH = 24;
    private static final int JOB_ID = 28;

    private final MappedByteBuffer map;
    private final FileChannel channel;
    private final String[] jobs;
    private final long[] since;

    private volatile String currentJob;
    private volatile long busySince;
    private volatile int running;
    private volatile long processed;
    private volatile long position;

    private BlackBox(FileChannel channel, MappedByteBuffer map, int lanes) {
        this.channel = channel;
        this.map = map;
        this.jobs = new String[lanes];
        this.since = new long[lanes];
    }

    /**
     * Opens a fresh black box at {@code file}, or one kept only in memory when {@code file} is null
     * (a worker run by hand, with no supervisor to read it).
     *
     * @param lanes how many tasks the worker may run at once
     */
    public static BlackBox open(Path file, long pid, long incarnation, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a black box needs at least one lane, not " + lanes);
        }
        try {
            if (file == null) {
                return new BlackBox(null, null, lanes);
            }
            // Never truncated: the supervisor keeps the file mapped across incarnations.
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            BlackBox box = new BlackBox(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0,
                    SIZE + (long) lanes * LANE), lanes);
            for (int lane = 0; lane < lanes; lane++) {
                box.map.putLong(SIZE + lane * LANE + BUSY, 0);
            }
            box.map.putLong(BEAT_AT, 0);
            box.map.putInt(CANCELLED_LENGTH_AT, 0);
            box.map.putLong(PROCESSED_AT, 0);
            box.map.putLong(PID_AT, pid);
            box.map.putLong(INCARNATION_AT, incarnation);
            box.map.putInt(LANES_AT, lanes);
            box.map.putInt(MAGIC_AT, MAGIC);
            return box;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the black box " + file, e);
        }
    }

    /** A black box of one lane: a worker that runs one task at a time. */
    public static BlackBox open(Path file, long pid, long incarnation) {
        return open(file, pid, incarnation, 1);
    }

    /** The worker starts the task at {@code offset} in {@code lane} (a free one). */
    public void begin(int lane, long offset, String jobId) {
        long now = System.currentTimeMillis();
        jobs[lane] = jobId == null ? "" : jobId;
        since[lane] = now;
        if (map != null) {
            int at = SIZE + lane * LANE;
            byte[] id = jobId == null ? new byte[0] : jobId.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(id.length, MAX_JOB_ID_BYTES);
            map.putLong(at + OFFSET, offset);
            map.putLong(at + STARTED, now);
            map.putInt(at + JOB_ID_LENGTH, length);
            map.put(at + JOB_ID, id, 0, length);
            map.putLong(at + BUSY, 1);
        }
        running++;
        summarize();
    }

    /** The task in {@code lane} is finished (run, or dead-lettered); the lane is free again. */
    public void end(int lane) {
        free(lane);
        processed++;
        if (map != null) {
            map.putLong(PROCESSED_AT, processed);
        }
        summarize();
    }

    /**
     * Of the tasks running, only the one in {@code lane} is to blame: called before the worker dies
     * of that task's failure, so the others, which did nothing wrong, run again unblamed.
     */
    public void blameOnly(int lane) {
        for (int other = 0; other < jobs.length; other++) {
            if (other != lane && jobs[other] != null) {
                free(other);
            }
        }
        summarize();
    }

    private void free(int lane) {
        if (map != null) {
            map.putLong(SIZE + lane * LANE + BUSY, 0);
        }
        if (jobs[lane] != null) {
            running--;
        }
        jobs[lane] = null;
    }

    /** What the heartbeat thread reads: the longest-running job and when it started. */
    private void summarize() {
        String oldest = null;
        long at = Long.MAX_VALUE;
        for (int lane = 0; lane < jobs.length; lane++) {
            if (jobs[lane] != null && since[lane] < at) {
                oldest = jobs[lane];
                at = since[lane];
            }
        }
        busySince = at;
        currentJob = oldest;
    }

    /**
     * The running job {@code jobId} was cancelled and the worker is about to stop for it: its
     * supervisor blames nobody. Written once, by the thread that stops the process, right before.
     */
    public void cancelled(String jobId) {
        if (map != null) {
            byte[] id = jobId.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(id.length, MAX_JOB_ID_BYTES);
            map.put(CANCELLED_AT, id, 0, length);
            map.putInt(CANCELLED_LENGTH_AT, length);
        }
    }

    /** The worker will next take the task at {@code nextPosition}: every task before it is done. */
    public void position(long nextPosition) {
        position = nextPosition;
        if (map != null) {
            map.putLong(POSITION_AT, nextPosition);
        }
    }

    /** The heartbeat thread is alive at {@code nowMillis}; written from that thread only. */
    public void beat(long nowMillis) {
        if (map != null) {
            map.putLong(BEAT_AT, nowMillis);
        }
    }

    /** The job that has been running longest now, or null when idle. */
    public String currentJob() {
        return currentJob;
    }

    /** When the longest-running job started (epoch millis), or null when idle. */
    public Long busySince() {
        return currentJob == null ? null : busySince;
    }

    /** How many tasks run now. */
    public int running() {
        return running;
    }

    /** Tasks finished by this incarnation. */
    public long processed() {
        return processed;
    }

    /** The offset of the next task to take. */
    public long position() {
        return position;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the mapping stays valid; nothing to do
            }
        }
    }

    /**
     * What a live worker's black box says, read by its supervisor without Kafka.
     *
     * @param incarnation the incarnation that wrote it
     * @param beatAt      its heartbeat thread's last sign of life (epoch millis), 0 before the first
     * @param busySince   when its longest-running job started (epoch millis), or null when idle
     * @param processed   tasks it finished
     */
    public record Reading(long incarnation, long beatAt, Long busySince, long processed) {
    }

    /** Reads black boxes of live workers: the files stay mapped, so a reading is a few memory loads. */
    public static final class Reader implements AutoCloseable {

        private final Path file;
        private FileChannel channel;
        private ByteBuffer buf;

        public Reader(Path file) {
            this.file = file;
        }

        /** The current reading, or empty when there is no black box yet. */
        public Optional<Reading> read() {
            if (buf == null || buf.capacity() < SIZE + (long) Math.max(1, buf.getInt(LANES_AT)) * LANE) {
                close();
                buf = map(file).orElse(null);
                if (buf == null) {
                    return Optional.empty();
                }
            }
            if (buf.getInt(MAGIC_AT) != MAGIC) {
                return Optional.empty();
            }
            Long oldest = null;
            for (int lane = 0; lane < lanes(buf); lane++) {
                int at = SIZE + lane * LANE;
                if (buf.getLong(at + BUSY) == 1 && (oldest == null || buf.getLong(at + STARTED) < oldest)) {
                    oldest = buf.getLong(at + STARTED);
                }
            }
            return Optional.of(new Reading(buf.getLong(INCARNATION_AT), buf.getLong(BEAT_AT), oldest,
                    buf.getLong(PROCESSED_AT)));
        }

        private Optional<ByteBuffer> map(Path path) {
            try {
                if (!Files.isRegularFile(path) || Files.size(path) < SIZE) {
                    return Optional.empty();
                }
                channel = FileChannel.open(path, StandardOpenOption.READ);
                return Optional.of(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing to do
                }
                channel = null;
            }
        }
    }

    /** The lanes a mapped black box has, as far as its mapping reaches. */
    private static int lanes(ByteBuffer buf) {
        int lanes = Math.max(1, buf.getInt(LANES_AT));
        return (int) Math.min(lanes, Math.max(0, (buf.capacity() - SIZE) / LANE));
    }

    /**
     * The job a dead worker stopped for because it was cancelled while it ran, if it did.
     *
     * @param incarnation the incarnation that died; a black box of another says nothing
     */
    public static Optional<String> cancelledJob(Path file, long incarnation) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < SIZE) {
                return Optional.empty();
            }
            ByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            if (buf.getInt(MAGIC_AT) != MAGIC || buf.getLong(INCARNATION_AT) != incarnation) {
                return Optional.empty();
            }
            int length = Math.max(0, Math.min(buf.getInt(CANCELLED_LENGTH_AT), MAX_JOB_ID_BYTES));
            if (length == 0) {
                return Optional.empty();
            }
            byte[] id = new byte[length];
            buf.get(CANCELLED_AT, id);
            return Optional.of(new String(id, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a dead worker's black box: the tasks it was running, if it was running any. A black box
     * left by an earlier incarnation (the dead one never got as far as opening its own) says nothing
     * about this one.
     *
     * @param incarnation the incarnation that died
     * @return the tasks it ran, oldest first; empty when it was idle, or the file is missing, not a
     *         black box, or an older one's
     */
    public static List<Culprit> culprits(Path file, long incarnation) {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < SIZE) {
                return List.of();
            }
            ByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            if (buf.getInt(MAGIC_AT) != MAGIC || buf.getLong(INCARNATION_AT) != incarnation) {
                return List.of();
            }
            TreeMap<Long, Culprit> byStart = new TreeMap<>();
            for (int lane = 0; lane < lanes(buf); lane++) {
                int at = SIZE + lane * LANE;
                if (buf.getLong(at + BUSY) != 1) {
                    continue;
                }
                int length = Math.max(0, Math.min(buf.getInt(at + JOB_ID_LENGTH), MAX_JOB_ID_BYTES));
                byte[] id = new byte[length];
                buf.get(at + JOB_ID, id);
                // start times may tie: the lane breaks the tie, and both are kept
                byStart.put(buf.getLong(at + STARTED) * 1_000_000 + lane,
                        new Culprit(buf.getLong(at + OFFSET), new String(id, StandardCharsets.UTF_8)));
            }
            return List.copyOf(byStart.values());
        } catch (IOException e) {
            return List.of();
        }
    }
}
