package io.kpool.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.core.handler.ExecCommand;
import io.kpool.core.handler.ExecProtocol;
import io.kpool.core.handler.ExecProtocolException;
import io.kpool.core.handler.JobHandler;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A handler in any language: a long-lived child process of the worker, one per worker incarnation,
 * spoken to in {@link ExecProtocol}'s JSON lines over its standard input and output. Its standard
 * error is copied to the worker's, so it lands in the worker's log and its crash evidence.
 *
 * <p>It does not defend: when the child exits, closes its output, writes a line that is not a
 * reply to the job it was sent, or answers {@code error}, {@link #handle} throws and the worker
 * dies. A child that hangs is the supervisor's {@code --job-timeout} to catch. The child must exit
 * when its standard input ends: that is how it learns that its worker is gone, even a worker killed
 * with SIGKILL.
 */
public final class ProcessHandler implements JobHandler, AutoCloseable {

    /** How long a child may take to exit once its input is closed, before it is killed. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final int TAIL_LINES = 5;
    private static final Duration LAST_WORDS = Duration.ofSeconds(1);

    private final ExecCommand command;
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Thread errorCopier;
    private final Deque<String> errorTail = new ArrayDeque<>(TAIL_LINES);

    private ProcessHandler(ExecCommand command, Process process, PrintStream errors) {
        this.command = command;
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errorCopier = new Thread(() -> copyErrors(process.getErrorStream(), errors),
                "kpool-handler-stderr-" + process.pid());
        errorCopier.setDaemon(true);
        errorCopier.start();
        // A worker that exits (a crash included) takes its child with it. SIGTERM does not run the
        // hooks (the worker drains, then closes this handler); SIGKILL runs nothing: the child
        // then reads the end of its input.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kpool-handler-exit"));
    }

    /**
     * Starts the command, in the worker's working directory and environment.
     *
     * @param errors where the child's standard error goes, line by line (the worker's {@code System.err})
     * @throws UncheckedIOException when the command cannot be started (no such program, say)
     */
    public static ProcessHandler start(ExecCommand command, PrintStream errors) {
        try {
            Process process = new ProcessBuilder(command.argv()).start();
            return new ProcessHandler(command, process, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start handler process '" + command.command() + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return command.name();
    }

    /** The child's process. */
    public ProcessHandle child() {
        return process.toHandle();
    }

    @Override
    public JsonNode handle(JsonNode payload) throws Exception {
        return handle("job", payload);
    }

    /** One job at a time: the child reads one request line and answers it before the next (a worker's threads queue here). */
    @Override
    public synchronized JsonNode handle(String jobId, JsonNode payload) {
        String reply;
        try {
            in.write(ExecProtocol.request(jobId, payload));
            in.newLine();
            in.flush();
            reply = out.readLine();
        } catch (IOException e) {
            throw died(jobId, "its pipes failed (" + e.getMessage() + ")");
        }
        if (reply == null) {
            throw died(jobId, "closed its standard output");
        }
        try {
            return ExecProtocol.output(reply, jobId);
        } catch (ExecProtocolException e) {
            process.destroyForcibly();
            throw new ExecProtocolException(describe() + " " + e.getMessage() + lastWords());
        }
    }

    private ExecProtocolException died(String jobId, String what) {
        String exit;
        try {
            if (process.waitFor(LAST_WORDS.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = "exited with status " + process.exitValue();
            } else {
                process.destroyForcibly();
                exit = "still ran (killed now)";
            }
            errorCopier.join(LAST_WORDS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "was interrupted";
        }
        return new ExecProtocolException(describe() + " " + what + " before answering job " + jobId + ": it " + exit
                + lastWords());
    }

    private String describe() {
        return "handler process '" + command.command() + "' (pid " + process.pid() + ")";
    }

    private String lastWords() {
        List<String> tail;
        synchronized (errorTail) {
            tail = List.copyOf(errorTail);
        }
        return tail.isEmpty() ? "; it wrote nothing to stderr" : "; its last stderr lines: " + String.join(" | ", tail);
    }

    private void copyErrors(InputStream stream, PrintStream errors) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                errors.println(line);
                errors.flush();
                synchronized (errorTail) {
                    if (errorTail.size() == TAIL_LINES) {
                        errorTail.removeFirst();
                    }
                    errorTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // the child is gone; its last lines are in the tail
        }
    }

    /**
     * Kills the child (and whatever it started) at once, with the job it is running: for a worker
     * that stops because that job was cancelled.
     */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Ends the child as a worker that stops: closes its standard input, waits up to
     * {@link #CLOSE_GRACE} for it to exit, then kills it.
     */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println(describe() + " did not exit within " + CLOSE_GRACE.toMillis()
                        + " ms of the end of its input: killing it");
                process.destroyForcibly();
                process.waitFor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            errorCopier.join(LAST_WORDS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
