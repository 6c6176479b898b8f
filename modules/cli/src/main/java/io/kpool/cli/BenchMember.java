package io.kpool.cli;

import io.kpool.bench.peer.PeerMember;
import io.kpool.core.handler.JobHandlers;
import io.kpool.transport.local.ProcessLifecycle;
import io.kpool.transport.security.ClientProperties;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kpool bench member}: one member of the plain consumer-group pool that {@code kpool bench}
 * compares kpool with. Started by the bench; hidden from the usage.
 */
@Command(name = "member", hidden = true, mixinStandardHelpOptions = true,
        description = {"Run one member of the plain consumer-group pool the bench compares kpool with: "
                + "subscribe to the input topic in the group, write 2n for each n to the output topic, "
                + "one Kafka transaction per poll.",
                "SIGTERM: finish the current transaction, exit 0."})
final class BenchMember implements Callable<Integer> {

    static final String INPUT = "--input";
    static final String OUTPUT = "--output";
    static final String GROUP = "--group";
    static final String STATIC_ID = "--static-id";
    static final String HANDLER = "--handler";

    @Option(names = KafkaOptions.BOOTSTRAP, paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = INPUT, paramLabel = "TOPIC", required = true, description = "The topic of the jobs.")
    String input;

    @Option(names = OUTPUT, paramLabel = "TOPIC", required = true, description = "The topic of the results.")
    String output;

    @Option(names = GROUP, paramLabel = "G", required = true, description = "The consumer group.")
    String group;

    @Option(names = STATIC_ID, paramLabel = "ID",
            description = "Static group membership under this id (group.instance.id); none by default.")
    String staticId;

    @Option(names = HANDLER, paramLabel = "NAME",
            description = "Run this job handler (e.g. sleep, double) on each job's JSON payload, as a kpool worker "
                    + "does, and crash (exit 1) when it throws; without it, write 2n for each decimal n.")
    String handler;

    @Option(names = KafkaOptions.KAFKA_CONFIG, paramLabel = "FILE", description = KafkaOptions.KAFKA_CONFIG_HELP)
    Path kafkaConfig;

    @Option(names = RoleOptions.PARENT_PID, paramLabel = "PID", defaultValue = "0",
            description = "Exit when this process exits (the bench passes its own pid).")
    long parentPid;

    /**
     * What this member is asked to do, read from its command line: the other side of
     * {@link BenchMemberArguments#encode}.
     */
    BenchMemberLaunch launch() {
        return new BenchMemberLaunch(bootstrap, kafkaConfig, input, output, group, staticId, handler, parentPid);
    }

    @Override
    public Integer call() {
        ProcessLifecycle.exitWithParent(parentPid);
        Map<String, Object> connection = new HashMap<>(kafkaConfig == null ? Map.of()
                : ClientProperties.load("--kafka-config", kafkaConfig).values());
        connection.put("bootstrap.servers", bootstrap);
        try (PeerMember member = new PeerMember(connection, input, output, group, staticId,
                handler == null ? null : JobHandlers.named("--handler", handler))) {
            ProcessLifecycle.onTermination(member::stop, parentPid);
            member.run();
        }
        return 0;
    }
}
