package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaProbe;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.security.ClientProperties;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the pool's Kafka is and how to reach it: shared by every command. */
final class KafkaOptions {

    static final String BOOTSTRAP = "--bootstrap";
    static final String PREFIX = "--prefix";
    static final String KAFKA_CONFIG = "--kafka-config";

    /** The help of --kafka-config, shared by every command that has one. */
    static final String KAFKA_CONFIG_HELP = "Kafka client properties for every client this command opens "
            + "(security.protocol, SASL, TLS), like Kafka's --command-config. Keep secrets in the file (mode 0600) "
            + "or behind Kafka's config providers ($${file:...}, $${dir:...}, $${env:...}); never on a command line.";

    @Option(names = BOOTSTRAP, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).", defaultValue = "localhost:9092")
    String bootstrap;

    @Option(names = PREFIX, paramLabel = "NAME",
            description = "Prefix of every topic, group and transactional id (default: ${DEFAULT-VALUE}).",
            defaultValue = Topics.DEFAULT_PREFIX)
    String prefix;

    @Option(names = KAFKA_CONFIG, paramLabel = "FILE", description = KAFKA_CONFIG_HELP + " (default: none)")
    Path kafkaConfig;

    private ClientProperties client;

    /** The client properties of --kafka-config, read and checked once. */
    ClientProperties client() {
        if (client == null) {
            client = kafkaConfig == null ? ClientProperties.none() : ClientProperties.load("--kafka-config", kafkaConfig);
        }
        return client;
    }

    KafkaSettings settings() {
        Topics topics;
        try {
            topics = new Topics(prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--prefix", e.getMessage().replaceFirst("^topic prefix ", ""));
        }
        return new KafkaSettings(bootstrap, topics, client());
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
}
