package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.supervisor.WorkerLaunch;
import io.kpool.transport.local.ProcessLifecycle;
import io.kpool.transport.local.SpareAssignment;
import io.kpool.worker.Evacuator;
import io.kpool.worker.Warmup;
import io.kpool.worker.WorkerClients;
import io.kpool.worker.Worker;
import io.kpool.worker.WorkerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool worker}: one worker process for one slot. Usually started by a supervisor. */
@Command(name = WorkerArguments.COMMAND, mixinStandardHelpOptions = true,
        description = {"Run the worker of one slot: take its tasks, run the handler, write results. "
                + "Usually started by a supervisor; a handler failure ends the process (exit 1), which is the point.",
                "SIGTERM: finish the current jobs, commit, exit 0."})
final class RunWorker implements Callable<Integer> {

    static final String BATCH_SIZE = "--batch-size";
    static final String COMMIT_INTERVAL = "--commit-interval";

    @Mixin
    KafkaOptions kafka;

    @Option(names = WorkerArguments.SLOT, paramLabel = "N", description = "The slot (task partition) to own.")
    Integer slot;

    @Option(names = WorkerArguments.SPARE,
            description = "Start warm and wait on standard input for the slot to take (the supervisor's --spares).")
    boolean spare;

    @Option(names = WorkerArguments.EVACUATE, paramLabel = "IDLE",  converter = DurationConverter.class,
            description = "Run no job: fence the slot and move its queued tasks back to the jobs topic, until none "
                    + "has come for IDLE (the supervisor does this for a slot that will not run again; run it yourself for "
                    + "a slot no supervisor runs any more, after a scale-down).")
    Duration evacuate;

    @Option(names = WorkerArguments.TRAIN,
            description = "Run a worker's code paths once against Kafka and exit, taking no slot (the supervisor "
                    + "uses it to build a class-data archive that makes workers start faster).")
    boolean train;

    @Option(names = WorkerArguments.INCARNATION, paramLabel = "N", defaultValue = "1",
            description = "Which process of the slot this is (default: ${DEFAULT-VALUE}).")
    long incarnation;

    @Option(names = WorkerArguments.HANDLER, paramLabel = "NAME",
            description = "Job handler of tasks that name none: a name, or exec:<command> (default: ${DEFAULT-VALUE}).")
    String handler;

    @Option(names = WorkerArguments.HANDLERS_FILE, paramLabel = "FILE",
            description = "Named handlers, so that one pool serves several: a properties file of NAME = "
                    + "exec:<command> or NAME = <a Java handler's name>; a job selects one with \"handler\": \"NAME\" "
                    + "(default: none).")
    Path handlersFile;

    @Option(names = WorkerArguments.HEARTBEAT_INTERVAL, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often to heartbeat (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = BATCH_SIZE, paramLabel = "N",
            description = "Most tasks per transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = COMMIT_INTERVAL, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest a transaction stays open while tasks flow (default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = WorkerArguments.CONCURRENCY, paramLabel = "N",
            description = "Most tasks run at once, each on a thread of its own when above 1 (for jobs that wait: "
                    + "I/O, calls to other services); a Java handler is then called from N threads at once, a "
                    + "process handler still takes one job at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = WorkerArguments.BLACK_BOX, paramLabel = "FILE",
            description = "Where to record the running task, for the supervisor to read after a crash.")
    Path blackBox;

    @Option(names = WorkerArguments.POISON_FILE, paramLabel = "FILE",
            description = "Tasks to dead-letter instead of running (written by the supervisor).")
    Path poisonFile;

    @Option(names = WorkerArguments.PARENT_PID, paramLabel = "PID", defaultValue = "0",
            description = "Exit when this process exits (the supervisor passes its own pid).")
    long parentPid;

    /**
     * What this process is asked to do, read from its command line: the other side of
     * {@link WorkerArguments#encode}.
     */
    WorkerLaunch launch() {
        return new WorkerLaunch(kafka.bootstrap, kafka.prefix, kafka.kafkaConfig, handler, handlersFile,
                heartbeatInterval, concurrency, mode(), parentPid);
    }

    private WorkerLaunch.Mode mode() {
        if (train) {
            return new WorkerLaunch.Train();
        }
        if (spare) {
            return new WorkerLaunch.Spare();
        }
        if (slot == null) {
            throw new ConfigException(WorkerArguments.SLOT, "is required (unless " + WorkerArguments.SPARE + " or "
                    + WorkerArguments.TRAIN + ")");
        }
        return evacuate != null ? new WorkerLaunch.Evacuate(slot, incarnation, poisonFile, evacuate)
                : new WorkerLaunch.Run(slot, incarnation, blackBox, poisonFile);
    }

    @Override
    public Integer call() throws Exception {
        WorkerLaunch launch = launch();
        ProcessLifecycle.exitWithParent(launch.parentPid());
        WorkerLaunch.Mode mode = launch.mode();
        if (mode instanceof WorkerLaunch.Train) {
            return train();
        }
        if (mode instanceof WorkerLaunch.Spare) {
            return spare();
        }
        if (mode instanceof WorkerLaunch.Evacuate evacuation) {
            return evacuate(evacuation);
        }
        return run((WorkerLaunch.Run) mode, null);
    }

    /** {@code --train}: a worker's code paths once against Kafka, then exit. */
    private int train() {
        WorkerClients clients = warmUp();
        clients.close();
        return 0;
    }

    /**
     * {@code --spare}: start warm, say so, wait on standard input for a slot, then run it on the warm
     * clients; exit {@link ProcessLifecycle#ORPHANED} if the input ends first.
     */
    private int spare() throws Exception {
        WorkerClients clients = warmUp();
        System.out.println(SpareAssignment.READY);
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            return ProcessLifecycle.ORPHANED;
        }
        SpareAssignment assignment = SpareAssignment.parse(line);
        return run(new WorkerLaunch.Run(assignment.slot(), assignment.incarnation(), assignment.blackBox(),
                assignment.poisonFile()), clients);
    }

    /** {@code --evacuate}: run no job, move the slot's queued tasks back to the jobs topic. */
    private int evacuate(WorkerLaunch.Evacuate evacuation) throws Exception {
        WorkerConfig config = config(evacuation.slot(), evacuation.incarnation(), null, evacuation.poisonFile());
        try (Evacuator evacuator = new Evacuator(config, WorkerClients.open(config.kafka(),
                "kpool-evacuate-" + evacuation.slot(), batchSize))) {
            evacuator.run(evacuation.idle());
        }
        return 0;
    }

    /** {@code --slot}: run the slot's tasks until stopped, on {@code clients} if a spare warmed them, else on new ones. */
    private int run(WorkerLaunch.Run run, WorkerClients clients) throws Exception {
        WorkerConfig config = config(run.slot(), run.incarnation(), run.blackBox(), run.poisonFile());
        Worker worker = clients != null ? new Worker(config, clients) : new Worker(config);
        ProcessLifecycle.onTermination(worker::stop, parentPid);
        worker.run();
        worker.close();
        return 0;
    }

    /** The Kafka clients of a spare or of the training, opened and warmed before any slot is known. */
    private WorkerClients warmUp() {
        WorkerClients clients = Warmup.run(kafka.settings(), handler, HandlerCatalog.load(handlersFile), "kpool-worker-spare",
                batchSize);
        return clients;
    }

    private WorkerConfig config(int slot, long incarnation, Path box, Path poison) {
        LogSetup.identify("slot", slot);
        LogSetup.identify("incarnation", incarnation);
        return new WorkerConfig(kafka.settings(), slot, incarnation, handler, HandlerCatalog.load(handlersFile),
                heartbeatInterval, batchSize, commitInterval, concurrency, box, poison, parentPid);
    }
}
