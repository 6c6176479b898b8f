package io.kpool.supervisor;

import io.kpool.core.supervision.Signal;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Starts and signals a supervisor's worker-side processes: {@code <workerCommand> worker ...},
 * with the class-data archive's options once it is trained. Every process's output goes, line by
 * line, to the supervisor's own output tagged with its slot and to its bounded log (see
 * {@link WorkerFiles}). With spares, a slot to (re)start is handed to a warm spare process when one
 * is ready (see {@link SparePool}). Used by the supervisor's thread; each process's end arrives as
 * a {@link ProcessExit} in the supervisor's mailbox.
 */
final class ProcessSpawner implements Spawner {

    /**
     * After a worker's exit, how long to wait for the rest of its output (the crash evidence) to
     * come out of the pipe. It comes at once; only a process that inherited the worker's output
     * and outlives it could hold the pipe open that long.
     */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

    private final SupervisorConfig config;
    private final WorkerFiles files;
    private final OutputStream echo;
    private final Consumer<ProcessExit> exits;
    private final ClassData classData;
    private final SparePool spares;
    /** The slots' workers that have not ended, by pid: written by the loop's thread and the reapers. */
    private final Map<Long, Process> workers = new ConcurrentHashMap<>();

    /**
     * @param echo  where every line of the workers' output also goes, tagged: the supervisor's standard output
     * @param exits the supervisor's mailbox, told from a JDK reaper or output reader thread when a process
     *              ends; it must only carry the exit
     * @param clock when to start the next spare
     */
    ProcessSpawner(SupervisorConfig config, WorkerFiles files, OutputStream echo, Consumer<ProcessExit> exits,
                   Clock clock) {
        this.config = config;
        this.files = files;
        this.echo = echo;
        this.exits = exits;
        this.classData = new ClassData(config.classDataDir(), config.workerCommand());
        this.spares = new SparePool(config.spares(),
                () -> builder(command(classData.options(), config.workerLaunch(new WorkerLaunch.Spare()))),
                files, echo, exits, clock);
    }

    /** The real processes of a supervisor, their output echoed to its standard output. */
    static Spawner.Factory factory(SupervisorConfig config, Clock clock) {
        return (files, mailbox) -> new ProcessSpawner(config, files, System.out, mailbox, clock);
    }

    /** Builds the class-data archive in the background, if none is there yet. */
    @Override
    public void prepare() {
        List<String> options = classData.trainingOptions();
        if (options.isEmpty()) {
            return;
        }
        try {
            Process training = start(command(options, config.workerLaunch(new WorkerLaunch.Train())), "train",
                    files.trainingLog()).process();
            training.onExit().thenRun(() -> exits.accept(new ProcessExit.Training(training.pid(),
                    training.exitValue())));
        } catch (IOException e) {
            classData.trained(-1);
        }
    }

    /** The training run ended: its archive is kept, if it made one. */
    @Override
    public void trained(ProcessExit.Training training) {
        classData.trained(training.status());
    }

    @Override
    public void keepSpares() {
        spares.keep();
    }

    /**
     * A slot's worker (on a warm spare when one is ready) or a slot's evacuation. Training and
     * spares are started by {@link #prepare()} and {@link #keepSpares()}.
     */
    @Override
    public Started start(WorkerLaunch launch) throws IOException {
        if (launch.mode() instanceof WorkerLaunch.Run run) {
            return worker(launch, run);
        }
        if (launch.mode() instanceof WorkerLaunch.Evacuate evacuate) {
            int slot = evacuate.slot();
            Process process = start(command(classData.options(), launch), "evacuate " + slot,
                    files.evacuationLog(slot)).process();
            process.onExit().thenRun(() -> exits.accept(new ProcessExit.Evacuation(slot, evacuate.incarnation(),
                    process.pid(), process.exitValue())));
            return new Started(process.pid(), false);
        }
        throw new IllegalArgumentException("a " + launch.mode().getClass().getSimpleName()
                + " process is not started for a slot");
    }

    private Started worker(WorkerLaunch launch, WorkerLaunch.Run run) throws IOException {
        int slot = run.slot();
        String label = "worker " + slot;
        Optional<SparePool.Spare> spare = spares.take(run, label, files.rolling(files.log(slot)));
        Output started = spare.isPresent() ? new Output(spare.get().process(), spare.get().output())
                : start(command(classData.options(), launch), label, files.log(slot));
        Process process = started.process();
        ProcessOutput output = started.output();
        workers.put(process.pid(), process);
        // The last lines a worker wrote may still be in the pipe when its exit is reported: the
        // crash is handled once they are read, so they are in the evidence.
        process.onExit().thenCompose(p -> output.drained(OUTPUT_DRAIN)).thenRun(() -> {
            workers.remove(process.pid());
            exits.accept(new ProcessExit.Worker(slot, run.incarnation(), process.pid(), process.exitValue(),
                    output.tail()));
        });
        return new Started(process.pid(), spare.isPresent());
    }

    private record Output(Process process, ProcessOutput output) {
    }

    /** A worker-side process with its output (stdout and stderr, merged) read into {@code log}, and nothing on its input. */
    private Output start(List<String> command, String label, Path log) throws IOException {
        Process process = builder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        ProcessOutput output = new ProcessOutput(label, files.rolling(log), echo);
        output.read(process.getInputStream(), "kpool-output-" + process.pid());
        return new Output(process, output);
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

    /** {@code java ... worker ...}, with the path (never the contents) of the launch's client properties. */
    private List<String> command(List<String> jvmOptions, WorkerLaunch launch) {
        List<String> command = new ArrayList<>(config.workerCommand().subList(0, 1));
        command.addAll(jvmOptions);
        command.addAll(config.workerCommand().subList(1, config.workerCommand().size()));
        command.addAll(config.workerArguments().arguments(launch));
        return command;
    }

    @Override
    public void signal(long pid, Signal signal) {
        Process process = workers.get(pid);
        if (process != null) {
            signal(process.toHandle(), signal);
        }
    }

    /** Sends a signal to a process (TERM and KILL through the JDK, others through kill(1)). */
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

    @Override
    public void close() {
        workers.values().forEach(Process::destroyForcibly);
        spares.close();
    }
}
