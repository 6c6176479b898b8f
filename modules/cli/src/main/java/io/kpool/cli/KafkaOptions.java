package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaProbe;
import io.kpool.transport.KafkaSettings;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the pool's Kafka is: shared by every command. */
final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).", defaultValue = "localhost:9092")
    String bootstrap;

    @Option(names = "--prefix", paramLabel = "NAME",
            description = "Prefix of every topic, group and transactional id (default: ${DEFAULT-VALUE}).",
            defaultValue = Topics.DEFAULT_PREFIX)
    String prefix;

    KafkaSettings settings() {
        Topics topics;
        try {
            topics = new Topics(prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--prefix", e.getMessage().replaceFirst("^topic prefix ", ""));
        }
        return new KafkaSettings(bootstrap, topics);
    }

    /**
     * The settings, once Kafka answers there (within {@link KafkaProbe#PATIENCE}); else the command
     * fails with a message naming the address.
     */
    KafkaSettings reachable() {
        KafkaSettings settings = settings();
        KafkaProbe.requireReachable(settings, KafkaProbe.PATIENCE);
        return settings;
    }

    List<String> asArgs() {
        return List.of("--bootstrap", bootstrap, "--prefix", prefix);
    }
}
