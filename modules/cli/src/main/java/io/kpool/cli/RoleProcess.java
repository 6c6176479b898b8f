package io.kpool.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child process of {@code kpool up} (the dispatcher or the supervisor): started with its output
 * appended to a log file, restarted with a doubling wait when it dies, stopped with SIGTERM and,
 * after a grace, SIGKILL. Used by one thread.
 */
final class RoleProcess {

    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final Path log;
    /** A process that ran this long before dying is restarted after the first wait again. */
    private static final Duration STABLE = Duration.ofSeconds(60);

    private Process process;
    private Instant startedAt;
    private Duration wait = FIRST_WAIT;
    private Instant restartAt;

    RoleProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    void start() {
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            startedAt = Instant.now();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restarts the process if it died; answers a line to tell the user when something happened.
     */
    String keepAlive() {
        if (process.isAlive()) {
            return null;
        }
        if (restartAt == null) {
            if (Duration.between(startedAt, Instant.now()).compareTo(STABLE) >= 0) {
                wait = FIRST_WAIT;
            }
            restartAt = Instant.now().plus(wait);
            return "the " + name + " exited with status " + process.exitValue() + "; restarting it in "
                    + wait.toMillis() + " ms (log: " + log + ")";
        }
        if (Instant.now().isBefore(restartAt)) {
            return null;
        }
        restartAt = null;
        wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        start();
        return "restarted the " + name + " (pid " + process.pid() + ")";
    }

    /** Its name: {@code dispatcher} or {@code supervisor}. */
    String name() {
        return name;
    }

    /** Whether its process runs now. */
    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGTERM. */
    void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits for the process to end, SIGKILLs it after {@code grace}; answers its exit status. */
    int awaitExit(Duration grace) throws InterruptedException {
        if (process == null) {
            return 0;
        }
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }
}
