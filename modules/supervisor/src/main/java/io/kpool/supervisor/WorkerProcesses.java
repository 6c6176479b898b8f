package io.kpool.supervisor;

import io.kpool.core.config.Durations;
import io.kpool.core.supervision.Culprit;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.core.supervision.Signal;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import io.kpool.transport.local.ProcessLifecycle;
import io.kpool.transport.local.SpareAssignment;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, hands out and signals a supervisor's worker processes. A worker is {@code <workerCommand>
 * worker ...} with its output in a log file, its black box at {@code worker-<slot>.blackbox} and
 * the tasks it must dead-letter in {@code worker-<slot>.poison.json}. With spares, a slot to
 * (re)start is handed to a warm spare process when one is ready, and a new spare starts in the
 * background. Used by the supervisor's thread; spare readiness arrives from reader threads.
 */
final class WorkerProcesses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcesses.class);

    /** How many lines of a crashed worker's output are kept as evidence. */
    static final int TAIL_LINES = 20;
    private static final int TAIL_BYTES = 16 * 1024;
    private static final Duration SPARE_RETRY = Duration.ofSeconds(1);
    private static final Duration SPARE_AFTER_TAKEOVER = Duration.ofSeconds(2);

    /** A process started for a slot, and where its output goes. */
    record Launch(Process process, Path log, boolean spare) {
    }

    private record Spare(Process process, Path log) {
    }

    private final SupervisorConfig config;
    private final java.util.function.Consumer<String> refused;
    private final ClassData classData;
    private final Map<Integer, Path> logs = new HashMap<>();
    private final Map<Integer, BlackBox.Reader> readers = new HashMap<>();
    private final List<Spare> warming = new ArrayList<>();
    private final Queue<Spare> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger spareCount = new AtomicInteger();
    private Instant nextSpareAt = Instant.EPOCH;

    /**
     * @param refused told, from any thread, when a spare exits with {@link ProcessLifecycle#SETTING_REFUSED}
     */
    WorkerProcesses(SupervisorConfig config, java.util.function.Consumer<String> refused) {
        this.config = config;
        this.refused = refused;
        try {
            Files.createDirectories(config.runDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + config.runDir(), e);
        }
        this.classData = new ClassData(config.classDataDir(), config.workerCommand());
    }

    /** Builds the class-data archive in the background, if none is there yet. */
    void train() {
        List<String> options = classData.trainingOptions();
        if (options.isEmpty()) {
            return;
        }
        List<String> command = command(options, config.workerKafkaConfig());
        command.addAll(List.of("--train", "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        try {
            Process training = start(command, config.runDir().resolve("train.log"));
            training.onExit().thenAccept(p -> classData.trained(p.exitValue()));
        } catch (IOException e) {
            classData.trained(-1);
        }
    }

    /** Starts the worker of {@code slot}, on a warm spare when one is ready. */
    Launch spawn(int slot, long incarnation, List<PoisonVerdict> poison) throws IOException {
        Path poisonFile = file(slot, "poison.json");
        PoisonFile.write(poisonFile, poison);
        for (Spare spare = ready.poll(); spare != null; spare = ready.poll()) {
            if (assign(spare, new SpareAssignment(slot, incarnation, blackBox(slot), poisonFile))) {
                // A JVM starting takes most of a second of CPU: the spare that replaces this one
                // waits until the slot is up again, rather than slow its takeover down.
                nextSpareAt = Instant.now().plus(SPARE_AFTER_TAKEOVER);
                logs.put(slot, spare.log());
                return new Launch(spare.process(), spare.log(), true);
            }
        }
        List<String> command = command(classData.options(), config.workerKafkaConfig());
        command.addAll(List.of(
                "--slot", String.valueOf(slot),
                "--incarnation", String.valueOf(incarnation),
                "--black-box", blackBox(slot).toString(),
                "--poison-file", poisonFile.toString(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        Path log = file(slot, "log");
        Process process = start(command, log);
        logs.put(slot, log);
        return new Launch(process, log, false);
    }

    /**
     * Starts the process that moves a slot's queued tasks back to the jobs topic; it ends by
     * itself once no task has come for {@code idle}. It runs with the supervisor's own client
     * properties (its principal), not the workers': it writes to the jobs topic, which a worker
     * may not.
     */
    Process evacuate(int slot, long incarnation, List<PoisonVerdict> poison, Duration idle) throws IOException {
        Path poisonFile = file(slot, "poison.json");
        PoisonFile.write(poisonFile, poison);
        List<String> command = command(classData.options(), config.kafkaConfig());
        command.addAll(List.of("--slot", String.valueOf(slot), "--incarnation", String.valueOf(incarnation),
                "--poison-file", poisonFile.toString(), "--evacuate", Durations.format(idle),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        return start(command, file(slot, "evacuate.log"));
    }

    /** A worker-side process with its output appended to {@code log} and nothing on its input. */
    private static Process start(List<String> command, Path log) throws IOException {
        return builder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /**
     * A worker-side process's builder. Unless set already, {@code MALLOC_ARENA_MAX=2}: a worker does
     * its work on one thread, and the C allocator's default of an arena per busy thread costs each
     * worker a few MB of resident memory (measured: about 3 MB, 96 → 93 MB).
     */
    private static ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        return builder;
    }

    private static boolean assign(Spare spare, SpareAssignment assignment) {
        if (!spare.process().isAlive()) {
            return false;
        }
        try {
            OutputStream in = spare.process().getOutputStream();
            in.write((assignment.line() + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Keeps {@code --spares} spare processes starting or ready; at most one new one a second. */
    void keepSpares() {
        warming.removeIf(s -> !s.process().isAlive() || ready.contains(s));
        ready.removeIf(s -> !s.process().isAlive());
        int have = warming.size() + ready.size();
        if (have >= config.spares() || Instant.now().isBefore(nextSpareAt)) {
            return;
        }
        nextSpareAt = Instant.now().plus(SPARE_RETRY);
        List<String> command = command(classData.options(), config.workerKafkaConfig());
        command.addAll(List.of("--spare", "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        Path output = config.runDir().resolve("spare-" + spareCount.incrementAndGet() + ".log");
        try {
            Process process = builder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            Spare spare = new Spare(process, output);
            process.onExit().thenAccept(p -> {
                if (p.exitValue() == ProcessLifecycle.SETTING_REFUSED) {
                    refused.accept("a spare worker (pid " + p.pid() + ") was refused: " + lastLine(output));
                }
            });
            warming.add(spare);
            Thread reader = new Thread(() -> watch(spare), "kpool-spare-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            log.warn("cannot start a spare worker: {}", e.toString());
        }
    }

    /** Waits for a spare's ready line, then copies the rest of its standard output to its log. */
    private void watch(Spare spare) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(spare.process().getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(SpareAssignment.READY)) {
                    ready.add(spare);
                } else {
                    Files.writeString(spare.log(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            // the spare is gone; keepSpares() notices
        }
    }

    /** {@code java ... worker --bootstrap ...}, with the path (never the contents) of {@code kafkaConfig}. */
    private List<String> command(List<String> jvmOptions, Path kafkaConfig) {
        List<String> command = new ArrayList<>(config.workerCommand().subList(0, 1));
        command.addAll(jvmOptions);
        command.addAll(config.workerCommand().subList(1, config.workerCommand().size()));
        command.addAll(List.of("worker",
                "--bootstrap", config.kafka().bootstrap(),
                "--prefix", config.kafka().topics().prefix(),
                "--handler", config.handler(),
                "--heartbeat-interval", Durations.format(config.heartbeatInterval())));
        if (kafkaConfig != null) {
            command.addAll(List.of("--kafka-config", kafkaConfig.toString()));
        }
        return command;
    }

    /** The last line a process wrote to {@code log}, that says why it stopped. */
    static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).trim();
                }
            }
            return "(it wrote nothing; see " + log + ")";
        } catch (IOException e) {
            return "(see " + log + ")";
        }
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

    /** What a slot's live worker's black box says. */
    Optional<BlackBox.Reading> localBeat(int slot) {
        return readers.computeIfAbsent(slot, s -> new BlackBox.Reader(blackBox(s))).read();
    }

    /** How many tasks a slot's ended incarnation finished, from its black box; safe from any thread. */
    long processed(int slot, long incarnation) {
        try (BlackBox.Reader reader = new BlackBox.Reader(blackBox(slot))) {
            return reader.read().filter(r -> r.incarnation() == incarnation).map(BlackBox.Reading::processed).orElse(0L);
        }
    }

    /** The task a dead incarnation was running, from its black box. */
    Optional<Culprit> culprit(int slot, long incarnation) {
        return BlackBox.culprit(blackBox(slot), incarnation);
    }

    /** The last lines a slot's current (or last) worker wrote. */
    List<String> tail(int slot) {
        Path log = log(slot);
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

    /** Where a slot's current (or last) worker writes its output. */
    Path log(int slot) {
        return logs.getOrDefault(slot, file(slot, "log"));
    }

    private Path blackBox(int slot) {
        return file(slot, "blackbox");
    }

    private Path file(int slot, String suffix) {
        return config.runDir().resolve("worker-" + slot + "." + suffix);
    }

    /** Kills the spares that wait. */
    @Override
    public void close() {
        readers.values().forEach(BlackBox.Reader::close);
        warming.forEach(s -> s.process().destroyForcibly());
        ready.forEach(s -> s.process().destroyForcibly());
    }
}
