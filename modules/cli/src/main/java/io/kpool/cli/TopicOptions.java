package io.kpool.cli;

import io.kpool.transport.TopicLayout;
import picocli.CommandLine.Option;

/** How many partitions the topics get when this command is the one that creates them. */
final class TopicOptions {

    @Option(names = "--job-partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of the jobs topic when it is created: the most dispatchers that share the "
                    + "load (default: ${DEFAULT-VALUE}).")
    int jobPartitions;

    @Option(names = "--result-partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of the results topic when it is created (default: ${DEFAULT-VALUE}).")
    int resultPartitions;

    /** The layout for {@code slots} slots; an existing topic keeps its partitions (tasks only grows). */
    TopicLayout layout(int slots) {
        return new TopicLayout(slots, jobPartitions, resultPartitions);
    }
}
