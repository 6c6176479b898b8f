package io.kpool.bench;

import io.kpool.transport.security.ClientProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark runs against.
 *
 * @param bootstrap    the Kafka bootstrap servers (the bench's own broker unless told otherwise)
 * @param kpoolCommand how to start a kpool process: {@code java <opts> -cp <class path> <main>}
 * @param workDir      where processes' logs and run directories go
 * @param quick        a short smoke run (under a minute in all): small counts, no slow failover
 * @param client       the client properties of every client the bench opens and every process it
 *                     starts ({@code --kafka-config}), or {@link ClientProperties#none()}
 */
public record BenchEnvironment(String bootstrap, List<String> kpoolCommand, Path workDir, boolean quick,
                               ClientProperties client) {

    public BenchEnvironment {
        kpoolCommand = List.copyOf(kpoolCommand);
    }

    /** On Kafka's default client settings (plain text). */
    public BenchEnvironment(String bootstrap, List<String> kpoolCommand, Path workDir, boolean quick) {
        this(bootstrap, kpoolCommand, workDir, quick, ClientProperties.none());
    }

    /** The settings of a raw Kafka client of the bench: the bootstrap servers and the client properties. */
    public Map<String, Object> connection() {
        Map<String, Object> props = new HashMap<>(client.values());
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    /** {@code --kafka-config FILE} for a process the bench starts, or nothing. */
    public List<String> kafkaArgs() {
        return client.file().map(f -> List.of("--kafka-config", f.toString())).orElse(List.of());
    }

    /** {@code kpoolCommand} followed by {@code args}. */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>(kpoolCommand);
        command.addAll(List.of(args));
        return command;
    }
}
