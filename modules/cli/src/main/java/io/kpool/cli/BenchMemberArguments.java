package io.kpool.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a plain-pool member: how a {@link BenchMemberLaunch} is written as the arguments
 * of {@code kpool bench member}, with the flags {@link BenchMember} declares its options by.
 */
final class BenchMemberArguments {

    static final List<String> COMMAND = List.of("bench", "member");

    private BenchMemberArguments() {
    }

    /** {@code bench member --bootstrap ...}: the arguments that make {@link BenchMember#launch()} answer {@code launch}. */
    static List<String> encode(BenchMemberLaunch launch) {
        List<String> args = new ArrayList<>(COMMAND);
        args.addAll(List.of(KafkaOptions.BOOTSTRAP, launch.bootstrap(),
                BenchMember.INPUT, launch.input(),
                BenchMember.OUTPUT, launch.output(),
                BenchMember.GROUP, launch.group(),
                RoleOptions.PARENT_PID, String.valueOf(launch.parentPid())));
        if (launch.staticId() != null) {
            args.addAll(List.of(BenchMember.STATIC_ID, launch.staticId()));
        }
        if (launch.handler() != null) {
            args.addAll(List.of(BenchMember.HANDLER, launch.handler()));
        }
        if (launch.kafkaConfig() != null) {
            args.addAll(List.of(KafkaOptions.KAFKA_CONFIG, launch.kafkaConfig().toString()));
        }
        return args;
    }
}
