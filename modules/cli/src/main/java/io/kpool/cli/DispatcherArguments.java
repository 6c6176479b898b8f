package io.kpool.cli;

import io.kpool.core.config.Durations;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a dispatcher process: how a {@link DispatcherLaunch} is written as the
 * arguments of {@code kpool dispatcher}, with the flags {@link RunDispatcher} and its mixins
 * ({@link KafkaOptions}, {@link DispatchOptions}, {@link RoleOptions}) declare their options by, so
 * that a renamed flag renames what {@code up} writes too.
 */
final class DispatcherArguments {

    static final String COMMAND = "dispatcher";
    static final String ID = "--id";
    static final String HANDLER = "--handler";
    static final String HANDLERS_FILE = "--handlers-file";
    static final String HEARTBEAT_TIMEOUT = "--heartbeat-timeout";

    private DispatcherArguments() {
    }

    /** {@code dispatcher --id ...}: the arguments that make {@link RunDispatcher#launch()} answer {@code launch}. */
    static List<String> encode(DispatcherLaunch launch) {
        List<String> args = new ArrayList<>(List.of(COMMAND));
        if (launch.id() != null) {
            args.addAll(List.of(ID, launch.id()));
        }
        args.addAll(List.of(HANDLER, launch.handler(),
                HEARTBEAT_TIMEOUT, Durations.format(launch.heartbeatTimeout())));
        if (launch.httpPort() != null) {
            args.addAll(List.of(RoleOptions.HTTP_PORT, String.valueOf(launch.httpPort())));
        }
        args.addAll(List.of(KafkaOptions.BOOTSTRAP, launch.bootstrap(),
                KafkaOptions.PREFIX, launch.prefix(),
                RoleOptions.PARENT_PID, String.valueOf(launch.parentPid()),
                DispatchOptions.DISPATCH, launch.strategy(),
                DispatchOptions.MAX_JOB_BYTES, String.valueOf(launch.limits().maxJobBytes()),
                DispatchOptions.MAX_ID_LENGTH, String.valueOf(launch.limits().maxIdLength()),
                DispatchOptions.DEDUPE_WINDOW, Durations.format(launch.dedupeWindow())));
        if (launch.kafkaConfig() != null) {
            args.addAll(List.of(KafkaOptions.KAFKA_CONFIG, launch.kafkaConfig().toString()));
        }
        if (launch.handlersFile() != null) {
            args.addAll(List.of(HANDLERS_FILE, launch.handlersFile().toString()));
        }
        return args;
    }
}
