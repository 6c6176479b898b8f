package io.kpool.supervisor;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What one worker-side process writes, line by line: each line goes to its {@link RollingLog} in
 * the run directory and to the supervisor's own output tagged with its origin
 * ({@code [worker 3] ...}), which in a container is the container's log stream; the last
 * {@link #TAIL_LINES} lines are kept as crash evidence. When the supervisor logs JSON
 * ({@code KPOOL_LOG_FORMAT=json}, which its workers inherit), a line that is a JSON object (the
 * worker's own log line, with its slot and incarnation) passes on as it is, and any other line (a
 * handler's print, the JVM's last words) is wrapped in one: {@code {"timestamp":...,"level":"INFO",
 * "loggerName":"output","source":"worker 3","formattedMessage":"..."}}, so the stream stays one
 * object a line. One daemon thread per stream reads it; a worker writes little, and nothing here
 * runs per job.
 *
 * <p>A process's last lines may still be in the pipe when the JDK reports its exit: whoever
 * reads {@link #tail()} after an exit first waits for {@link #drained(Duration)}.
 */
final class ProcessOutput {

    /** How many lines of a crashed worker's output are kept as evidence. */
    static final int TAIL_LINES = 20;
    /** A longer line is passed on in pieces of this many bytes. */
    static final int MAX_LINE = 16 * 1024;

    private record Target(String label, byte[] tag, RollingLog log) {
    }

    /** Whether the supervisor's output is JSON lines (its logging is, and so its workers'). */
    private static final boolean JSON = "json".equalsIgnoreCase(System.getProperty("kpool.log.format"));

    private final OutputStream echo;
    private final Deque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private final List<CompletableFuture<Void>> streams = new ArrayList<>();
    private volatile Target target;

    /**
     * @param label what the lines are tagged with on {@code echo}, e.g. {@code worker 3}
     * @param log   the file the lines go to
     * @param echo  the supervisor's output
     */
    ProcessOutput(String label, RollingLog log, OutputStream echo) {
        this.echo = echo;
        this.target = target(label, log);
    }

    private static Target target(String label, RollingLog log) {
        return new Target(label, ("[" + label + "] ").getBytes(StandardCharsets.UTF_8), log);
    }

    /** Reads {@code in} until its end on a thread of its own; every line goes on, unless {@code consumed} takes it. */
    synchronized void read(InputStream in, String threadName, Predicate<String> consumed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        streams.add(done);
        Thread reader = new Thread(() -> {
            try {
                pump(in, consumed);
            } finally {
                done.complete(null);
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads {@code in} until its end; every line goes on. */
    void read(InputStream in, String threadName) {
        read(in, threadName, line -> false);
    }

    /**
     * From now on, the lines are tagged {@code label} and go to {@code log}, and the evidence starts
     * afresh: a spare that takes over a slot becomes that slot's worker.
     */
    void relabel(String label, RollingLog log) {
        synchronized (tail) {
            target = target(label, log);
            tail.clear();
        }
    }

    /** The last lines read (at most {@link #TAIL_LINES}). */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Completes once every stream has ended (the process and whatever inherited its output are gone), or after {@code atMost}. */
    CompletableFuture<Void> drained(Duration atMost) {
        CompletableFuture<?>[] all;
        synchronized (this) {
            all = streams.toArray(CompletableFuture[]::new);
        }
        return CompletableFuture.allOf(all).completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pump(InputStream in, Predicate<String> consumed) {
        byte[] buffer = new byte[8192];
        byte[] line = new byte[MAX_LINE];
        int length = 0;
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line, length, consumed);
                        length = 0;
                    } else {
                        if (length == MAX_LINE) {
                            emit(line, length, consumed);
                            length = 0;
                        }
                        line[length++] = b;
                    }
                }
            }
        } catch (IOException e) {
            // the pipe broke: the process is gone
        }
        if (length > 0) {
            emit(line, length, consumed);
        }
    }

    private static byte[] tagged(Target to, byte[] line, int length) {
        byte[] tagged = new byte[to.tag().length + length + 1];
        System.arraycopy(to.tag(), 0, tagged, 0, to.tag().length);
        System.arraycopy(line, 0, tagged, to.tag().length, length);
        tagged[tagged.length - 1] = '\n';
        return tagged;
    }

    /** A line of a worker-side process as one JSON object: itself when it is one, else wrapped. */
    static byte[] asJson(String label, byte[] line, int length, String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
            byte[] same = new byte[length + 1];
            System.arraycopy(line, 0, same, 0, length);
            same[length] = '\n';
            return same;
        }
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        return ("{\"timestamp\":" + System.currentTimeMillis() + ",\"level\":\"INFO\",\"loggerName\":\"output\","
                + "\"source\":\"" + new String(quote.quoteAsString(label)) + "\",\"formattedMessage\":\""
                + new String(quote.quoteAsString(text)) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    private void emit(byte[] line, int length, Predicate<String> consumed) {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (consumed.test(text)) {
            return;
        }
        Target to;
        synchronized (tail) {
            to = target;
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(text);
        }
        to.log().append(line, length);
        byte[] tagged = JSON ? asJson(to.label(), line, length, text) : tagged(to, line, length);
        synchronized (echo) {
            try {
                echo.write(tagged);
                echo.flush();
            } catch (IOException e) {
                // the supervisor's own output is gone; the file still has the line
            }
        }
    }
}
