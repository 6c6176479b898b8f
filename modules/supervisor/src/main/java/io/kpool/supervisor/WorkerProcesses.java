package io.kpool.supervisor;

import io.kpool.core.supervision.Culprit;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.core.supervision.Signal;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import io.kpool.transport.local.ProcessLifecycle;
import io.kpool.transport.local.SpareAssignment;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, hands out and signals a supervisor's worker processes. A worker is {@code <workerCommand>
 * worker ...}, its black box at {@code worker-<slot>.blackbox} and the tasks it must dead-letter
 * in {@code worker-<slot>.poison.json}. Every process's output goes, line by line, to the
 * supervisor's own output tagged with its slot and to a bounded log file ({@code worker-<slot>.log},
 * {@code spare-<n>.log}, {@code train.log}, {@code worker-<slot>.evacuate.log}; see {@link RollingLog}).
 * With spares, a slot to (re)start is handed to a warm spare process when one is ready, and a new
 * spare starts in the background. Used by the supervisor's thread; spare readiness arrives from
 * reader threads, and the end of a spare or of the training run as a {@link ProcessExit} in the
 * supervisor's mailbox.
 */
final class WorkerProcesses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcesses.class);

    private static final Duration SPARE_RETRY = Duration.ofSeconds(1);
    private static final Duration SPARE_AFTER_TAKEOVER = Duration.ofSeconds(2);

    /** A process started for a slot, and its output. */
    record Launch(Process process, ProcessOutput output, boolean spare) {
    }

    private record Spare(Process process, int index, ProcessOutput output) {
    }

    /**
     * After a worker's exit, how long to wait for the rest of its output (the crash evidence) to
     * come out of the pipe. It comes at once; only a process that inherited the worker's output
     * and outlives it could hold the pipe open that long.
     */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

    private final SupervisorConfig config;
    private final OutputStream echo;
    private final Consumer<ProcessExit> exits;
    private final ClassData classData;
    private final Map<Path, RollingLog> files = new ConcurrentHashMap<>();
    private final Map<Integer, BlackBox.Reader> readers = new HashMap<>();
    private final List<Spare> warming = new ArrayList<>();
    private final Queue<Spare> ready = new ConcurrentLinkedQueue<>();
    private Instant nextSpareAt = Instant.EPOCH;

    /**
     * @param echo  where every line of the workers' output also goes, tagged: the supervisor's standard output
     * @param exits the supervisor's mailbox, told from a JDK reaper or output reader thread when a spare or
     *              the training run ends; it must only carry the exit (see {@link #refusal} and {@link #trained})
     */
    WorkerProcesses(SupervisorConfig config, OutputStream echo, Consumer<ProcessExit> exits) {
        this.config = config;
        this.echo = echo;
        this.exits = exits;
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
        List<String> command = command(options, config.workerKafkaConfig(), new WorkerLaunch.Train());
        try {
            Process training = start(command, "train", config.runDir().resolve("train.log")).process();
            training.onExit().thenRun(() -> exits.accept(new ProcessExit.Training(training)));
        } catch (IOException e) {
            classData.trained(-1);
        }
    }

    /** The training run ended: its archive is kept, if it made one. On the loop's thread. */
    void trained(ProcessExit.Training training) {
        classData.trained(training.process().exitValue());
    }

    /** Starts the worker of {@code slot}, on a warm spare when one is ready. */
    Launch spawn(int slot, long incarnation, List<PoisonVerdict> poison, Set<Long> suspects) throws IOException {
        Path poisonFile = file(slot, "poison.json");
        PoisonFile.write(poisonFile, poison, suspects);
        for (Spare spare = ready.poll(); spare != null; spare = ready.poll()) {
            spare.output().relabel(label(slot), rolling(log(slot)));
            if (assign(spare, new SpareAssignment(slot, incarnation, blackBox(slot), poisonFile))) {
                // A JVM starting takes most of a second of CPU: the spare that replaces this one
                // waits until the slot is up again, rather than slow its takeover down.
                nextSpareAt = Instant.now().plus(SPARE_AFTER_TAKEOVER);
                return new Launch(spare.process(), spare.output(), true);
            }
        }
        List<String> command = command(classData.options(), config.workerKafkaConfig(),
                new WorkerLaunch.Run(slot, incarnation, blackBox(slot), poisonFile));
        return start(command, label(slot), log(slot));
    }

    /**
     * Starts the process that moves a slot's queued tasks back to the jobs topic; it ends by
     * itself once no task has come for {@code idle}. It runs with the supervisor's own client
     * properties (its principal), not the workers': it writes to the jobs topic, which a worker
     * may not.
     */
    Process evacuate(int slot, long incarnation, List<PoisonVerdict> poison, Duration idle) throws IOException {
        Path poisonFile = file(slot, "poison.json");
        PoisonFile.write(poisonFile, poison, Set.of());
        List<String> command = command(classData.options(), config.kafkaConfig(),
                new WorkerLaunch.Evacuate(slot, incarnation, poisonFile, idle));
        return start(command, "evacuate " + slot, evacuationLog(slot)).process();
    }

    /** A worker-side process with its output (stdout and stderr, merged) read into {@code log}, and nothing on its input. */
    private Launch start(List<String> command, String label, Path log) throws IOException {
        Process process = builder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        ProcessOutput output = new ProcessOutput(label, rolling(log), echo);
        output.read(process.getInputStream(), "kpool-output-" + process.pid());
        return new Launch(process, output, false);
    }

    private RollingLog rolling(Path file) {
        return files.computeIfAbsent(file, f -> new RollingLog(f, RollingLog.ROLL_AT));
    }

    private static String label(int slot) {
        return "worker " + slot;
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

    /**
     * Keeps {@code --spares} spare processes starting or ready; at most one new one a second. A
     * spare's output goes to {@code spare-<n>.log}, n the lowest number no other waiting spare has,
     * until it takes a slot.
     */
    void keepSpares() {
        warming.removeIf(s -> !s.process().isAlive() || ready.contains(s));
        ready.removeIf(s -> !s.process().isAlive());
        int have = warming.size() + ready.size();
        if (have >= config.spares() || Instant.now().isBefore(nextSpareAt)) {
            return;
        }
        nextSpareAt = Instant.now().plus(SPARE_RETRY);
        List<String> command = command(classData.options(), config.workerKafkaConfig(), new WorkerLaunch.Spare());
        int index = freeSpareIndex();
        try {
            Process process = builder(command).start();
            Path log = config.runDir().resolve("spare-" + index + ".log");
            ProcessOutput output = new ProcessOutput("spare " + index, rolling(log), echo);
            Spare spare = new Spare(process, index, output);
            process.onExit().thenCompose(p -> output.drained(OUTPUT_DRAIN))
                    .thenRun(() -> exits.accept(new ProcessExit.Spare(process, output, log)));
            warming.add(spare);
            output.read(process.getInputStream(), "kpool-spare-" + process.pid(), line -> {
                if (line.equals(SpareAssignment.READY)) {
                    ready.add(spare);
                    return true;
                }
                return false;
            });
            output.read(process.getErrorStream(), "kpool-spare-" + process.pid() + "-err");
        } catch (IOException e) {
            log.warn("cannot start a spare worker: {}", e.toString());
        }
    }

    /**
     * Why a spare that ended was refused (it exited with {@link ProcessLifecycle#SETTING_REFUSED}),
     * if it was. On the loop's thread.
     */
    Optional<String> refusal(ProcessExit.Spare spare) {
        Process process = spare.process();
        if (process.exitValue() != ProcessLifecycle.SETTING_REFUSED) {
            return Optional.empty();
        }
        return Optional.of("a spare worker (pid " + process.pid() + ") was refused: "
                + lastLine(spare.output().tail(), spare.log()));
    }

    private int freeSpareIndex() {
        Set<Integer> taken = new HashSet<>();
        warming.forEach(s -> taken.add(s.index()));
        ready.forEach(s -> taken.add(s.index()));
        int index = 1;
        while (taken.contains(index)) {
            index++;
        }
        return index;
    }

    /** {@code java ... worker ...}, with the path (never the contents) of {@code kafkaConfig}. */
    private List<String> command(List<String> jvmOptions, Path kafkaConfig, WorkerLaunch.Mode mode) {
        List<String> command = new ArrayList<>(config.workerCommand().subList(0, 1));
        command.addAll(jvmOptions);
        command.addAll(config.workerCommand().subList(1, config.workerCommand().size()));
        command.addAll(config.workerArguments().arguments(launch(kafkaConfig, mode)));
        return command;
    }

    /** What a worker-side process started by this supervisor is asked to do. */
    WorkerLaunch launch(Path kafkaConfig, WorkerLaunch.Mode mode) {
        return new WorkerLaunch(config.kafka().bootstrap(), config.kafka().topics().prefix(), kafkaConfig,
                config.handler(), config.handlers().file().orElse(null), config.heartbeatInterval(),
                config.concurrency(), mode, ProcessHandle.current().pid());
    }

    /** The last line a process wrote (of {@code tail}, its last lines), that says why it stopped. */
    static String lastLine(List<String> tail, Path log) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return tail.get(i).trim();
            }
        }
        return "(it wrote nothing; see " + log + ")";
    }

    /** Sends a signal to a worker process (TERM and KILL through the JDK, others through kill(1)). */
    static void signal(ProcessHandle process, Signal signal) {
        switch (signal) {
            case TERM -> process.destroy();
            case KILL -> {
                // A worker's children (its process handler) die with it: a child that hangs reads
                // no end of input, and once the worker is dead they can no longer be found.
                List<ProcessHandle> children = process.descendants().toList();
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
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

    /** The tasks a dead incarnation was running, from its black box. */
    List<Culprit> culprits(int slot, long incarnation) {
        return BlackBox.culprits(blackBox(slot), incarnation);
    }

    /** The job a dead incarnation stopped for because it was cancelled while it ran, from its black box. */
    java.util.Optional<String> cancelledJob(int slot, long incarnation) {
        return BlackBox.cancelledJob(blackBox(slot), incarnation);
    }

    /** Where a slot's evacuations write their output. */
    Path evacuationLog(int slot) {
        return file(slot, "evacuate.log");
    }

    /** Where a slot's workers write their output (the latest lines; the older ones in {@code .1}). */
    Path log(int slot) {
        return file(slot, "log");
    }

    private Path blackBox(int slot) {
        return file(slot, "blackbox");
    }

    private Path file(int slot, String suffix) {
        return config.runDir().resolve("worker-" + slot + "." + suffix);
    }

    /** Kills the spares that wait and closes the log files. */
    @Override
    public void close() {
        readers.values().forEach(BlackBox.Reader::close);
        warming.forEach(s -> s.process().destroyForcibly());
        ready.forEach(s -> s.process().destroyForcibly());
        files.values().forEach(RollingLog::close);
    }
}
