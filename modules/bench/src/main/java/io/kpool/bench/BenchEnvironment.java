package io.kpool.bench;

import io.kpool.transport.security.ClientProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every benchmark runs against.
 *
 * @param bootstrap    the Kafka bootstrap servers (the bench's own broker unless told otherwise)
 * @param kpoolCommand how to start a kpool process: {@code java <opts> -cp <class path> <main>}
 * @param workDir      where processes' logs and run directories go
 * @param quick        a short smoke run (under a minute in all): small counts, no slow failover
 * @param client       the client properties of every client the bench opens and every process it
 *                     starts, or {@link ClientProperties#none()}
 * @param launches     the command line of each kpool process it starts
 */
public record BenchEnvironment(String bootstrap, List<String> kpoolCommand, Path workDir, boolean quick,
                               ClientProperties client, RoleLaunches launches) {

    public BenchEnvironment {
        kpoolCommand = List.copyOf(kpoolCommand);
        Objects.requireNonNull(client, "client cannot be null");
        Objects.requireNonNull(launches, "launches cannot be null");
    }

    /** On Kafka's default client settings (plain text). */
    public BenchEnvironment(String bootstrap, List<String> kpoolCommand, Path workDir, boolean quick,
                            RoleLaunches launches) {
        this(bootstrap, kpoolCommand, workDir, quick, ClientProperties.none(), launches);
    }

    /** The settings of a raw Kafka client of the bench: the bootstrap servers and the client properties. */
    public Map<String, Object> connection() {
        Map<String, Object> props = new HashMap<>(client.values());
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    /** The client properties file of a process the bench starts, or null for none. */
    public Path kafkaConfig() {
        return client.file().orElse(null);
    }

    /** {@code kpoolCommand} followed by {@code args}. */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(kpoolCommand);
        command.addAll(args);
        return command;
    }
}
