package io.kpool.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every benchmark runs against.
 *
 * @param bootstrap    the Kafka bootstrap servers (the bench's own broker unless told otherwise)
 * @param kpoolCommand how to start a kpool process: {@code java <opts> -cp <class path> <main>}
 * @param workDir      where processes' logs and run directories go
 * @param quick        a short smoke run (under a minute in all): small counts, no slow failover
 */
public record BenchEnvironment(String bootstrap, List<String> kpoolCommand, Path workDir, boolean quick) {

    public BenchEnvironment {
        kpoolCommand = List.copyOf(kpoolCommand);
    }

    /** {@code kpoolCommand} followed by {@code args}. */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>(kpoolCommand);
        command.addAll(List.of(args));
        return command;
    }
}
