package io.kpool.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker running in this JVM. {@link #start(int, Path)} formats the
 * storage if needed and returns once the broker accepts connections; {@link #close()} stops it
 * and, for a temporary data directory, deletes it. {@link #startSecured} starts it secured: SASL_SSL
 * only, SCRAM users, ACLs ({@link BrokerSecurity}).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;
    private final boolean temporary;
    private final BrokerSecurity security;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path dataDir, boolean temporary, BrokerSecurity security) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.security = security;
    }

    /**
     * Starts a broker.
     *
     * @param port    the client port on localhost; 0 picks a free one
     * @param dataDir where the broker keeps its log; null for a temporary directory removed on close
     * @throws EmbeddedKafkaException naming the port or directory when the broker cannot start
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * Starts a broker with extra broker settings (they win over kpool's defaults).
     */
    public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides) {
        return start(port, dataDir, overrides, null);
    }

    /**
     * Starts a secured broker: one SASL_SSL listener (TLS with a CA and a certificate it makes in the
     * data directory, SCRAM-SHA-512 users), the StandardAuthorizer, {@code adminUser} its super user.
     * A data directory of an earlier secured start keeps its CA, users and passwords.
     *
     * @param users     the SCRAM users to create, {@code adminUser} among them; each gets a client
     *                  properties file ({@link BrokerSecurity#clientProperties})
     * @param adminUser the operator, who may do anything (create topics, write ACLs)
     */
    public static EmbeddedKafka startSecured(int port, Path dataDir, List<String> users, String adminUser) {
        return start(port, dataDir, Map.of(), new SecurityRequest(users, adminUser));
    }

    private record SecurityRequest(List<String> users, String adminUser) {
    }

    private static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides, SecurityRequest secure) {
        boolean temporary = dataDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("kpool-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot create the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        }
        checkKind(dir, secure != null);
        int clientPort = port == 0 ? freePort() : requireFree(port);
        int controllerPort = freePort();
        Properties props = settings(clientPort, controllerPort, dir);
        BrokerSecurity security = secure == null ? null : BrokerSecurity.prepare(dir, secure.users(), secure.adminUser());
        if (security != null) {
            props.putAll(security.brokerSettings(clientPort, controllerPort));
        }
        props.putAll(overrides);
        format(props, dir, security == null ? List.of() : security.formatArgs());
        BrokerLogNoise.install();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        long started = System.nanoTime();
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new EmbeddedKafkaException("Kafka did not start on port " + clientPort + ": " + e.getMessage(), e);
        }
        log.info("Kafka broker up on localhost:{}{} in {} ms, data in {}", clientPort,
                security == null ? "" : " (SASL_SSL)", (System.nanoTime() - started) / 1_000_000, dir);
        return new EmbeddedKafka(server, clientPort, dir, temporary, security);
    }

    /** A data directory holds one kind of broker: plain, or secured (its users and ACLs are in its log). */
    private static void checkKind(Path dir, boolean secure) {
        if (!Files.exists(dir.resolve("log").resolve("meta.properties"))) {
            return;
        }
        boolean wasSecure = Files.isDirectory(BrokerSecurity.dir(dir));
        if (secure && !wasSecure) {
            throw new EmbeddedKafkaException("--data-dir " + dir + " holds a broker made without --secure: run it "
                    + "without --secure, or give --secure another --data-dir", null);
        }
        if (!secure && wasSecure) {
            throw new EmbeddedKafkaException("--data-dir " + dir + " holds a secured broker (made with --secure): run "
                    + "it with --secure, or use another --data-dir", null);
        }
    }

    /** {@code localhost:<port>}. */
    public String bootstrap() {
        return "localhost:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The security of a secured broker (its users' client properties, its CA); empty for a plain one. */
    public Optional<BrokerSecurity> security() {
        return Optional.ofNullable(security);
    }

    /** Where the broker keeps its log. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits for it; deletes a temporary data directory. */
    @Override
    public void close() {
        shutdownQuietly(server);
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    static Properties settings(int clientPort, int controllerPort, Path dir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        return p;
    }

    private static void format(Properties props, Path dir, List<String> extraArgs) {
        if (Files.exists(dir.resolve("log").resolve("meta.properties"))) {
            return;
        }
        // The broker's settings may hold its passwords: the file is its owner's only.
        Path config = dir.resolve("server.properties");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            props.store(text, "kpool embedded broker");
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot write " + config + ": " + e.getMessage(), e);
        }
        SecureFiles.write(config, text.toByteArray(), true);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of(
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()));
        args.addAll(extraArgs);
        int status;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), print);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
        }
        if (status != 0) {
            throw new EmbeddedKafkaException("cannot format Kafka storage in " + dir + ": "
                    + output.toString(StandardCharsets.UTF_8).trim(), null);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on localhost", e);
        }
    }

    private static int requireFree(int port) {
        if (port < 1 || port > 65535) {
            throw new EmbeddedKafkaException("--kafka-port must be between 1 and 65535, but was " + port, null);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            throw new EmbeddedKafkaException("--kafka-port " + port + " is already in use on localhost"
                    + " (another Kafka or kpool up?); pick another with --kafka-port", e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Kafka broker did not shut down cleanly: {}", e.toString());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
