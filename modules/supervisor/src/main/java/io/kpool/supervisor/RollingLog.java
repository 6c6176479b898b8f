package io.kpool.supervisor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log file of bounded size: lines are appended to {@code file}; once it holds {@code rollAt}
 * bytes it becomes {@code file.1} (replacing the one before) and a new {@code file} is started.
 * So it never takes more than about twice {@code rollAt} on disk, and always keeps the latest
 * lines. Appends to what an earlier supervisor left. Safe from any thread: each line is written
 * whole, in one call, and reaches the file before {@link #append} returns (for {@code tail -f}).
 */
final class RollingLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RollingLog.class);

    /** Where a worker-side process's output goes in the run directory: 5 MiB, plus one older file. */
    static final long ROLL_AT = 5L * 1024 * 1024;

    private final Path file;
    private final Path older;
    private final long rollAt;
    private OutputStream out;
    private long size;
    private boolean closed;
    private boolean failed;

    RollingLog(Path file, long rollAt) {
        if (rollAt < 1) {
            throw new IllegalArgumentException("rollAt must be at least 1 byte, but was " + rollAt);
        }
        this.file = file;
        this.older = file.resolveSibling(file.getFileName() + ".1");
        this.rollAt = rollAt;
    }

    /** The file the latest lines are in. */
    Path file() {
        return file;
    }

    /** Appends one line ({@code line} holds no line break; one is added). */
    synchronized void append(byte[] line, int length) {
        if (closed || failed) {
            return;
        }
        try {
            if (out == null) {
                open();
            }
            if (size > 0 && size + length + 1 > rollAt) {
                out.close();
                Files.move(file, older, StandardCopyOption.REPLACE_EXISTING);
                open();
            }
            byte[] whole = new byte[length + 1];
            System.arraycopy(line, 0, whole, 0, length);
            whole[length] = '\n';
            out.write(whole);
            size += whole.length;
        } catch (IOException e) {
            // The lines still reach the supervisor's output; say once that the file lost them.
            failed = true;
            log.warn("cannot write {}: {}; its lines go only to the supervisor's output from now on", file, e.toString());
        }
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more to write
            }
        }
    }
}
