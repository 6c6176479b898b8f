package io.kpool.embedded;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What secures an embedded broker, kept in {@code <data dir>/secure} (0700) and made on its first
 * start, then reused: a CA of its own ({@code ca.pem}, and {@code truststore.p12} for Java
 * clients), the broker's certificate ({@code broker.p12}, for {@code localhost} and
 * {@code 127.0.0.1}), a random password per SCRAM-SHA-512 user, and one client properties file per
 * user ({@code <user>.properties}, 0600, with its password). The CA's private key is not kept:
 * nothing can be signed by it after the first start.
 *
 * <p>The client listener is SASL_SSL only. The controller listener is TLS with client certificates
 * required, and only the broker holds a certificate the CA signed, so no client can reach the
 * controller (KRaft lets clients bootstrap to controllers) as anyone, least of all as a super user.
 * The broker talks to itself as {@code kpool-broker}: by SCRAM on the client listener, by its
 * certificate on the controller listener.
 */
public final class BrokerSecurity {

    /** The SASL mechanism of every user. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The broker's own principal's user name (and its certificate's common name). */
    static final String BROKER_USER = "kpool-broker";
    static final String DIR = "secure";
    private static final String SECRETS = "broker.properties";

    private final Path dir;
    private final List<String> users;
    private final String adminUser;
    private final Properties secrets;

    private BrokerSecurity(Path dir, List<String> users, String adminUser, Properties secrets) {
        this.dir = dir;
        this.users = List.copyOf(users);
        this.adminUser = adminUser;
        this.secrets = secrets;
    }

    /** Where the security of a broker with data in {@code dataDir} is kept. */
    static Path dir(Path dataDir) {
        return dataDir.resolve(DIR);
    }

    /**
     * Makes (on a broker's first start) or reads (afterwards) the CA, the broker's certificate and the
     * users' passwords and client properties.
     *
     * @param users     the SCRAM users, {@code adminUser} among them
     * @param adminUser the operator: a super user (creates topics, writes ACLs)
     * @throws EmbeddedKafkaException when an earlier start made other users, or a file is missing
     */
    static BrokerSecurity prepare(Path dataDir, List<String> users, String adminUser) {
        if (!users.contains(adminUser)) {
            throw new IllegalArgumentException("the admin user " + adminUser + " must be one of the users " + users);
        }
        Path dir = dir(dataDir);
        Path secretsFile = dir.resolve(SECRETS);
        if (Files.isRegularFile(secretsFile)) {
            Properties secrets = read(secretsFile);
            BrokerSecurity security = new BrokerSecurity(dir, users, adminUser, secrets);
            for (String user : users) {
                if (secrets.getProperty("user." + user + ".password") == null) {
                    throw new EmbeddedKafkaException("the secured broker in " + dataDir + " was made without user " + user
                            + ": use another --data-dir", null);
                }
                if (!Files.isRegularFile(security.clientProperties(user))) {
                    throw new EmbeddedKafkaException(security.clientProperties(user) + " is missing: use another "
                            + "--data-dir", null);
                }
            }
            return security;
        }
        SecureFiles.directory(dir);
        Properties secrets = new Properties();
        secrets.setProperty("keystore.password", Certificates.password());
        secrets.setProperty("truststore.password", Certificates.password());
        secrets.setProperty("user." + BROKER_USER + ".password", Certificates.password());
        for (String user : users) {
            secrets.setProperty("user." + user + ".password", Certificates.password());
        }
        BrokerSecurity security = new BrokerSecurity(dir, users, adminUser, secrets);
        Certificates ca = Certificates.authority("kpool embedded broker CA");
        ca.issue(BROKER_USER).writeKeyStore(security.keyStore(), secret("keystore.password", secrets), ca);
        ca.writeTrustStore(security.trustStore(), secret("truststore.password", secrets));
        ca.writePem(security.caPem());
        for (String user : users) {
            SecureFiles.write(security.clientProperties(user), security.clientText(user).getBytes(StandardCharsets.UTF_8),
                    true);
        }
        StringBuilder text = new StringBuilder("# The secured embedded broker's own passwords. Keep it private.\n");
        new java.util.TreeMap<>(secrets).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        SecureFiles.write(secretsFile, text.toString().getBytes(StandardCharsets.UTF_8), true);
        return security;
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private static char[] secret(String key, Properties secrets) {
        return secrets.getProperty(key).toCharArray();
    }

    private String password(String user) {
        return secrets.getProperty("user." + user + ".password");
    }

    private String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password(user) + "\";";
    }

    private String clientText(String user) {
        return "# Kafka client properties of user " + user + " on the secured embedded broker (SASL_SSL, " + MECHANISM
                + ").\n# kpool: --kafka-config " + clientProperties(user) + " (or KPOOL_KAFKA_CONFIG).\n"
                + "# It holds the user's password: keep it private (mode 0600).\n"
                + "security.protocol=SASL_SSL\n"
                + "sasl.mechanism=" + MECHANISM + "\n"
                + "sasl.jaas.config=" + jaas(user) + "\n"
                + "ssl.truststore.type=PKCS12\n"
                + "ssl.truststore.location=" + trustStore() + "\n"
                + "ssl.truststore.password=" + secrets.getProperty("truststore.password") + "\n";
    }

    /** The broker settings: one SASL_SSL listener for clients, a TLS controller listener, the StandardAuthorizer. */
    Map<String, String> brokerSettings(int clientPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://localhost:" + clientPort);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl." + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                jaas(BROKER_USER));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keyStore().toString());
        p.put("ssl.keystore.password", secrets.getProperty("keystore.password"));
        p.put("ssl.key.password", secrets.getProperty("keystore.password"));
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore().toString());
        p.put("ssl.truststore.password", secrets.getProperty("truststore.password"));
        p.put("listener.name.controller.ssl.client.auth", "required");
        // A certificate's principal is its common name: User:kpool-broker.
        p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+).*$/$1/,DEFAULT");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + BROKER_USER + ";User:" + adminUser);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** The storage tool's arguments that create every SCRAM user when the storage is formatted. */
    List<String> formatArgs() {
        List<String> args = new ArrayList<>();
        List<String> all = new ArrayList<>(users);
        all.add(BROKER_USER);
        for (String user : all) {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + password(user) + "]");
        }
        return args;
    }

    /** The client properties file of {@code user}: SASL_SSL, its SCRAM password, the trust store. */
    public Path clientProperties(String user) {
        return dir.resolve(user + ".properties");
    }

    /** The CA's certificate as PEM, for clients that are not Java. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The PKCS12 trust store with the CA, for Java clients. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    private Path keyStore() {
        return dir.resolve("broker.p12");
    }

    /** The users, in the order given. */
    public List<String> users() {
        return users;
    }

    /** The operator, a super user. */
    public String adminUser() {
        return adminUser;
    }
}
