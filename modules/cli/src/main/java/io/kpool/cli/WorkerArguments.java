package io.kpool.cli;

import io.kpool.core.config.Durations;
import io.kpool.supervisor.WorkerLaunch;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker process: how a supervisor's {@link WorkerLaunch} is written as the
 * arguments of {@code kpool worker}, with the flags {@link RunWorker} reads it back by (its options
 * are named by these constants, so the two sides cannot drift apart). A supervisor is given
 * {@link #encode} and never sees a flag.
 */
final class WorkerArguments {

    static final String COMMAND = "worker";
    static final String HANDLER = "--handler";
    static final String HANDLERS_FILE = "--handlers-file";
    static final String HEARTBEAT_INTERVAL = "--heartbeat-interval";
    static final String CONCURRENCY = "--concurrency";
    static final String SLOT = "--slot";
    static final String INCARNATION = "--incarnation";
    static final String BLACK_BOX = "--black-box";
    static final String POISON_FILE = "--poison-file";
    static final String SPARE = "--spare";
    static final String TRAIN = "--train";
    static final String EVACUATE = "--evacuate";
    static final String PARENT_PID = "--parent-pid";

    private WorkerArguments() {
    }

    /** {@code worker --bootstrap ... --parent-pid N}: the arguments that make {@link RunWorker#launch()} answer {@code launch}. */
    static List<String> encode(WorkerLaunch launch) {
        List<String> args = new ArrayList<>(List.of(COMMAND,
                KafkaOptions.BOOTSTRAP, launch.bootstrap(),
                KafkaOptions.PREFIX, launch.prefix(),
                HANDLER, launch.handler(),
                HEARTBEAT_INTERVAL, Durations.format(launch.heartbeatInterval()),
                CONCURRENCY, String.valueOf(launch.concurrency())));
        if (launch.handlersFile() != null) {
            args.addAll(List.of(HANDLERS_FILE, launch.handlersFile().toString()));
        }
        if (launch.kafkaConfig() != null) {
            args.addAll(List.of(KafkaOptions.KAFKA_CONFIG, launch.kafkaConfig().toString()));
        }
        WorkerLaunch.Mode mode = launch.mode();
        if (mode instanceof WorkerLaunch.Run run) {
            args.addAll(List.of(SLOT, String.valueOf(run.slot()), INCARNATION, String.valueOf(run.incarnation())));
            if (run.blackBox() != null) {
                args.addAll(List.of(BLACK_BOX, run.blackBox().toString()));
            }
            if (run.poisonFile() != null) {
                args.addAll(List.of(POISON_FILE, run.poisonFile().toString()));
            }
        } else if (mode instanceof WorkerLaunch.Evacuate evacuate) {
            args.addAll(List.of(SLOT, String.valueOf(evacuate.slot()),
                    INCARNATION, String.valueOf(evacuate.incarnation())));
            if (evacuate.poisonFile() != null) {
                args.addAll(List.of(POISON_FILE, evacuate.poisonFile().toString()));
            }
            args.addAll(List.of(EVACUATE, Durations.format(evacuate.idle())));
        } else if (mode instanceof WorkerLaunch.Spare) {
            args.add(SPARE);
        } else if (mode instanceof WorkerLaunch.Train) {
            args.add(TRAIN);
        } else {
            throw new IllegalArgumentException("no command line for a worker launched as " + mode);
        }
        args.addAll(List.of(PARENT_PID, String.valueOf(launch.parentPid())));
        return args;
    }
}
