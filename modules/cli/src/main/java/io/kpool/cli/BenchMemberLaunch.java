package io.kpool.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code kpool bench} asks of a member of its plain consumer-group pool, as typed values: written as
 * a command line by {@link BenchMemberArguments#encode} and read back by {@link BenchMember#launch()}.
 *
 * @param bootstrap   Kafka bootstrap servers
 * @param kafkaConfig the client properties file, or null for none
 * @param input       the topic of the jobs
 * @param output      the topic of the results
 * @param group       the consumer group
 * @param staticId    its static group member id, or null for a dynamic member
 * @param handler     the job handler it runs on each payload, or null to write 2n for each n
 * @param parentPid   the process it exits with, or 0
 */
record BenchMemberLaunch(String bootstrap, Path kafkaConfig, String input, String output, String group,
                         String staticId, String handler, long parentPid) {

    BenchMemberLaunch {
        Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
        Objects.requireNonNull(input, "input cannot be null");
        Objects.requireNonNull(output, "output cannot be null");
        Objects.requireNonNull(group, "group cannot be null");
    }
}
