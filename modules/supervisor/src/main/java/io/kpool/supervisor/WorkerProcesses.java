package io.kpool.supervisor;

import io.kpool.core.config.Durations;
import io.kpool.core.supervision.Culprit;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.core.supervision.Signal;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Starts and signals a supervisor's worker processes. Each worker is {@code <workerCommand> worker
 * ...} with its output appended to {@code <runDir>/worker-<slot>.log}, its black box at
 * {@code worker-<slot>.blackbox} and the tasks it must dead-letter in {@code worker-<slot>.poison.json}.
 */
final class WorkerProcesses {

    /** How many lines of a crashed worker's output are kept as evidence. */
    static final int TAIL_LINES = 20;
    private static final int TAIL_BYTES = 16 * 1024;

    private final SupervisorConfig config;

    WorkerProcesses(SupervisorConfig config) {
        this.config = config;
        try {
            Files.createDirectories(config.runDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + config.runDir(), e);
        }
    }

    /** Starts the worker of {@code slot}. */
    Process spawn(int slot, long incarnation, List<PoisonVerdict> poison) throws IOException {
        Path poisonFile = file(slot, "poison.json");
        PoisonFile.write(poisonFile, poison);
        List<String> command = new ArrayList<>(config.workerCommand());
        command.addAll(List.of("worker",
                "--bootstrap", config.kafka().bootstrap(),
                "--prefix", config.kafka().topics().prefix(),
                "--slot", String.valueOf(slot),
                "--incarnation", String.valueOf(incarnation),
                "--handler", config.handler(),
                "--heartbeat-interval", Durations.format(config.heartbeatInterval()),
                "--black-box", blackBox(slot).toString(),
                "--poison-file", poisonFile.toString(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        Path log = file(slot, "log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    /** Sends a signal to a worker process (TERM and KILL through the JDK, others through kill(1)). */
    static void signal(ProcessHandle process, Signal signal) {
        switch (signal) {
            case TERM -> process.destroy();
            case KILL -> process.destroyForcibly();
            default -> {
                try {
                    new ProcessBuilder("kill", "-" + signal.name(), String.valueOf(process.pid()))
                            .inheritIO().start().waitFor();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot send SIG" + signal + " to " + process.pid(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The task a dead worker was running, from its black box. */
    Optional<Culprit> culprit(int slot) {
        return BlackBox.culprit(blackBox(slot));
    }

    /** The last lines a worker wrote. */
    List<String> tail(int slot) {
        Path log = file(slot, "log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            if (from > 0 && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size());
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return List.of("(could not read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** Where a slot's worker writes its output. */
    Path log(int slot) {
        return file(slot, "log");
    }

    private Path blackBox(int slot) {
        return file(slot, "blackbox");
    }

    private Path file(int slot, String suffix) {
        return config.runDir().resolve("worker-" + slot + "." + suffix);
    }
}
