package io.kpool.cli;

import io.kpool.transport.local.ProcessLifecycle;
import io.kpool.worker.Worker;
import io.kpool.worker.WorkerConfig;
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

    @Option(names = "--slot", required = true, paramLabel = "N", description = "The slot (task partition) to own.")
    int slot;

    @Option(names = "--incarnation", paramLabel = "N", defaultValue = "1",
            description = "Which process of the slot this is (default: ${DEFAULT-VALUE}).")
    long incarnation;

    @Option(names = "--handler", paramLabel = "NAME", description = "Job handler (default: ${DEFAULT-VALUE}).")
    String handler;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often to heartbeat (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Most tasks per transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--commit-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest a transaction stays open while tasks flow (default: ${DEFAULT-VALUE}).")
    Duration commitInterval;

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
        WorkerConfig config = new WorkerConfig(kafka.settings(), slot, incarnation, handler, heartbeatInterval,
                batchSize, commitInterval, blackBox, poisonFile, parentPid);
        ProcessLifecycle.exitWithParent(parentPid);
        Worker worker = new Worker(config);
        ProcessLifecycle.onTermination(worker::stop, parentPid);
        worker.run();
        worker.close();
        return 0;
    }
}
