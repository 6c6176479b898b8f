package io.kpool.cli;

import io.kpool.core.supervision.Backoff;
import io.kpool.core.supervision.RestartIntensity;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child process of {@code kpool up} (the dispatcher or the supervisor): started with its output
 * appended to a log file, restarted by the supervision core's {@link Backoff} when it dies, within
 * the core's {@link RestartIntensity} (past it, up gives up), stopped with SIGTERM and, after a
 * grace, SIGKILL. Used by one thread.
 */
final class RoleProcess {

    /**
     * A role that dies after a stable run (60 s) is restarted at once; one that keeps dying waits
     * 1 s, then twice as long each time, up to 30 s.
     */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), 0);
    /** At most 5 restarts of a role within 60 s: one that dies at every start is given up in about a minute. */
    static final int MAX_RESTARTS = 5;
    static final Duration WITHIN = Duration.ofSeconds(60);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Clock clock;
    private final RestartIntensity intensity = new RestartIntensity(MAX_RESTARTS, WITHIN);

    private Process process;
    private Instant startedAt;
    private int crashesInARow;
    private Instant restartAt;
    private boolean gaveUp;

    RoleProcess(String name, List<String> command, Path log) {
        this(name, command, log, Clock.systemUTC());
    }

    RoleProcess(String name, List<String> command, Path log, Clock clock) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.clock = clock;
    }

    void start() {
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            startedAt = clock.instant();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restarts the process if it died, unless it died more often than {@link #MAX_RESTARTS} within
     * {@link #WITHIN}; answers a line to tell the user when something happened.
     */
    String keepAlive() {
        if (gaveUp || process.isAlive()) {
            return null;
        }
        Instant now = clock.instant();
        if (restartAt == null) {
            boolean stable = Duration.between(startedAt, now).compareTo(BACKOFF.resetAfter()) >= 0;
            crashesInARow = stable ? 1 : crashesInARow + 1;
            if (!intensity.allow(now)) {
                gaveUp = true;
                return "the " + name + " exited with status " + process.exitValue() + ", more than " + MAX_RESTARTS
                        + " times within " + WITHIN.toSeconds() + " s; giving up (log: " + log + ")";
            }
            Duration wait = BACKOFF.delay(crashesInARow, () -> 0.0);
            restartAt = now.plus(wait);
            return "the " + name + " exited with status " + process.exitValue() + "; restarting it in "
                    + wait.toMillis() + " ms (log: " + log + ")";
        }
        if (now.isBefore(restartAt)) {
            return null;
        }
        restartAt = null;
        start();
        return "restarted the " + name + " (pid " + process.pid() + ")";
    }

    /** Whether it died past its restart intensity, and is no longer restarted. */
    boolean gaveUp() {
        return gaveUp;
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
