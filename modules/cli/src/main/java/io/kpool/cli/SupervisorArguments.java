package io.kpool.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a supervisor process: how a {@link SupervisorLaunch} is written as the
 * arguments of {@code kpool supervisor}, with the flags {@link RunSupervisor} and its mixins
 * ({@link KafkaOptions}, {@link SupervisionOptions}, {@link RoleOptions}) declare their options by, so
 * that a renamed flag renames what {@code up} writes too.
 */
final class SupervisorArguments {

    static final String COMMAND = "supervisor";
    static final String WORKERS = "--workers";
    static final String NAME = "--name";
    static final String RUN_DIR = "--run-dir";
    static final String WORKER_KAFKA_CONFIG = "--worker-kafka-config";

    private SupervisorArguments() {
    }

    /**
     * {@code supervisor --workers N ...}: the arguments that make {@link RunSupervisor#launch()} answer
     * {@code launch}.
     *
     * @throws IllegalArgumentException for a supervision no flag can say ({@link SupervisionLaunch#arguments()})
     */
    static List<String> encode(SupervisorLaunch launch) {
        List<String> args = new ArrayList<>(List.of(COMMAND, WORKERS, String.valueOf(launch.workers())));
        if (launch.name() != null) {
            args.addAll(List.of(NAME, launch.name()));
        }
        if (launch.runDir() != null) {
            args.addAll(List.of(RUN_DIR, launch.runDir().toString()));
        }
        if (launch.httpPort() != null) {
            args.addAll(List.of(RoleOptions.HTTP_PORT, String.valueOf(launch.httpPort())));
        }
        args.addAll(List.of(KafkaOptions.BOOTSTRAP, launch.bootstrap(),
                KafkaOptions.PREFIX, launch.prefix(),
                RoleOptions.PARENT_PID, String.valueOf(launch.parentPid())));
        args.addAll(launch.supervision().arguments());
        if (launch.kafkaConfig() != null) {
            args.addAll(List.of(KafkaOptions.KAFKA_CONFIG, launch.kafkaConfig().toString()));
        }
        if (launch.workerKafkaConfig() != null) {
            args.addAll(List.of(WORKER_KAFKA_CONFIG, launch.workerKafkaConfig().toString()));
        }
        return args;
    }
}
