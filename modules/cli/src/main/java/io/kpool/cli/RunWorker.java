package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.core.handler.HandlerCatalog;
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
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the worker of one slot: take its tasks, run the handler, write results. "
                + "Usually started by a supervisor; a handler failure ends the process (exit 1), which is the point.",
                "SIGTERM: finish the current jobs, commit, exit 0."})
final class RunWorker implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--slot", paramLabel = "N", description = "The slot (task partition) to own.")
    Integer slot;

    @Option(names = "--spare",
            description = "Start warm and wait on standard input for the slot to take (the supervisor's --spares).")
    boolean spare;

    @Option(names = "--evacuate", paramLabel = "IDLE",  converter = DurationConverter.class,
            description = "Run no job: fence the slot and move its queued tasks back to the jobs topic, until none "
                    + "has come for IDLE (the supervisor does this for a slot that will not run again; run it yourself for "
                    + "a slot no supervisor runs any more, after a scale-down).")
    Duration evacuate;

    @Option(names = "--train",
            description = "Run a worker's code paths once against Kafka and exit, taking no slot (the supervisor "
                    + "uses it to build a class-data archive that makes workers start faster).")
    boolean train;

    @Option(names = "--incarnation", paramLabel = "N", defaultValue = "1",
            description = "Which process of the slot this is (default: ${DEFAULT-VALUE}).")
    long incarnation;

    @Option(names = "--handler", paramLabel = "NAME",
            description = "Job handler of tasks that name none: a name, or exec:<command> (default: ${DEFAULT-VALUE}).")
    String handler;

    @Option(names = "--handlers-file", paramLabel = "FILE",
            description = "Named handlers, so that one pool serves several: a properties file of NAME = "
                    + "exec:<command> or NAME = <a Java handler's name>; a job selects one with \"handler\": \"NAME\" "
                    + "(default: none).")
    Path handlersFile;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often to heartbeat (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Most tasks per transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--commit-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest a transaction stays open while tasks flow (default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Most tasks run at once, each on a thread of its own when above 1 (for jobs that wait: "
                    + "I/O, calls to other services); a Java handler is then called from N threads at once, a "
                    + "process handler still takes one job at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--black-box", paramLabel = "FILE",
            description = "Where to record the running task, for the supervisor to read after a crash.")
    Path blackBox;

    @Option(names = "--poison-file", paramLabel = "FILE",
            description = "Tasks to dead-letter instead of running (written by the supervisor).")
    Path poisonFile;

    @Option(names = "--parent-pid", paramLabel = "PID", defaultValue = "0",
            description = "Exit when this process exits (the supervisor passes its own pid).")
    long parentPid;

    @Override
    public Integer call() throws Exception {
        ProcessLifecycle.exitWithParent(parentPid);
        WorkerClients clients = null;
        if (train || spare) {
            clients = Warmup.run(kafka.settings(), handler, HandlerCatalog.load(handlersFile), "kpool-worker-spare",
                    batchSize);
        }
        if (train) {
            clients.close();
            return 0;
        }
        Path box = blackBox;
        Path poison = poisonFile;
        if (spare) {
            System.out.println(SpareAssignment.READY);
            System.out.flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                return ProcessLifecycle.ORPHANED;
            }
            SpareAssignment assignment = SpareAssignment.parse(line);
            slot = assignment.slot();
            incarnation = assignment.incarnation();
            box = assignment.blackBox();
            poison = assignment.poisonFile();
        }
        if (slot == null) {
            throw new ConfigException("--slot", "is required (unless --spare or --train)");
        }
        LogSetup.identify("slot", slot);
        LogSetup.identify("incarnation", incarnation);
        WorkerConfig config = new WorkerConfig(kafka.settings(), slot, incarnation, handler,
                HandlerCatalog.load(handlersFile), heartbeatInterval,
                batchSize, commitInterval, concurrency, box, poison, parentPid);
        if (evacuate != null) {
            try (Evacuator evacuator = new Evacuator(config, WorkerClients.open(config.kafka(),
                    "kpool-evacuate-" + slot, batchSize))) {
                evacuator.run(evacuate);
            }
            return 0;
        }
        Worker worker = clients != null ? new Worker(config, clients) : new Worker(config);
        ProcessLifecycle.onTermination(worker::stop, parentPid);
        worker.run();
        worker.close();
        return 0;
    }
}
