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
import java.util.Optional;

/**
 * A worker's flight recorder: a small memory-mapped file where the worker notes the task it starts
 * and the task it finished. The writes are memory stores (no system call per task) and outlive the
 * process however it dies, so its supervisor can read which job was running at the crash. The
 * same object answers the heartbeat thread's questions about progress, from volatile fields.
 * Written by one thread.
 */
public final class BlackBox implements AutoCloseable {

    static final int SIZE = 4096;
    static final int MAGIC = 0x4B504242;
    static final int MAX_JOB_ID_BYTES = 1024;

    private static final int MAGIC_AT = 0;
    private static final int PID_AT = 8;
    private static final int INCARNATION_AT = 16;
    private static final int BUSY_AT = 24;
    private static final int OFFSET_AT = 32;
    private static final int STARTED_AT = 40;
    private static final int PROCESSED_AT = 48;
    private static final int POSITION_AT = 56;
    private static final int JOB_ID_LENGTH_AT = 64;
    private static final int JOB_ID_AT = 68;
    /** Written by the heartbeat thread: a sign of life that does not need Kafka. */
    private static final int BEAT_AT = 2048;

    private final MappedByteBuffer map;
    private final FileChannel channel;

    private volatile String currentJob;
    private volatile long busySince;
    private volatile long processed;
    private volatile long position;

    private BlackBox(FileChannel channel, MappedByteBuffer map) {
        this.channel = channel;
        this.map = map;
    }

    /**
     * Opens a fresh black box at {@code file}, or one kept only in memory when {@code file} is null
     * (a worker run by hand, with no supervisor to read it).
     */
    public static BlackBox open(Path file, long pid, long incarnation) {
        try {
            BlackBox box;
            if (file == null) {
                box = new BlackBox(null, null);
            } else {
                // Never truncated: the supervisor keeps the file mapped across incarnations.
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                box = new BlackBox(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
                box.map.putLong(BUSY_AT, 0);
                box.map.putLong(BEAT_AT, 0);
                box.map.putLong(PROCESSED_AT, 0);
                box.map.putLong(PID_AT, pid);
                box.map.putLong(INCARNATION_AT, incarnation);
                box.map.putInt(MAGIC_AT, MAGIC);
            }
            return box;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the black box " + file, e);
        }
    }

    /** The worker starts the task at {@code offset}. */
    public void begin(long offset, String jobId) {
        long now = System.currentTimeMillis();
        busySince = now;
        currentJob = jobId;
        if (map != null) {
            byte[] id = jobId == null ? new byte[0] : jobId.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(id.length, MAX_JOB_ID_BYTES);
            map.putLong(OFFSET_AT, offset);
            map.putLong(STARTED_AT, now);
            map.putInt(JOB_ID_LENGTH_AT, length);
            map.put(JOB_ID_AT, id, 0, length);
            map.putLong(BUSY_AT, 1);
        }
    }

    /** The worker finished the task before {@code nextPosition} (run or dead-lettered). */
    public void done(long nextPosition) {
        if (map != null) {
            map.putLong(BUSY_AT, 0);
            map.putLong(POSITION_AT, nextPosition);
            map.putLong(PROCESSED_AT, processed + 1);
        }
        currentJob = null;
        processed++;
        position = nextPosition;
    }

    /** The worker will next take the task at {@code nextPosition}. */
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

    /** The job running now, or null. */
    public String currentJob() {
        return currentJob;
    }

    /** When the current job started (epoch millis), or null when idle. */
    public Long busySince() {
        return currentJob == null ? null : busySince;
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
     * @param busySince   when it started its current job (epoch millis), or null when idle
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
            if (buf == null) {
                try {
                    if (!Files.isRegularFile(file) || Files.size(file) < SIZE) {
                        return Optional.empty();
                    }
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                    buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE);
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
            if (buf.getInt(MAGIC_AT) != MAGIC) {
                return Optional.empty();
            }
            boolean busy = buf.getLong(BUSY_AT) == 1;
            return Optional.of(new Reading(buf.getLong(INCARNATION_AT), buf.getLong(BEAT_AT),
                    busy ? buf.getLong(STARTED_AT) : null, buf.getLong(PROCESSED_AT)));
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
    }

    /**
     * Reads a dead worker's black box: the task it was running, if it was running one. A black box
     * left by an earlier incarnation (the dead one never got as far as opening its own) says
     * nothing about this one.
     *
     * @param incarnation the incarnation that died
     * @return empty when it was idle, or the file is missing, not a black box, or an older one's
     */
    public static Optional<Culprit> culprit(Path file, long incarnation) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < SIZE) {
                return Optional.empty();
            }
            ByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE);
            if (buf.getInt(MAGIC_AT) != MAGIC || buf.getLong(INCARNATION_AT) != incarnation
                    || buf.getLong(BUSY_AT) != 1) {
                return Optional.empty();
            }
            int length = Math.max(0, Math.min(buf.getInt(JOB_ID_LENGTH_AT), MAX_JOB_ID_BYTES));
            byte[] id = new byte[length];
            buf.get(JOB_ID_AT, id);
            return Optional.of(new Culprit(buf.getLong(OFFSET_AT), new String(id, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
