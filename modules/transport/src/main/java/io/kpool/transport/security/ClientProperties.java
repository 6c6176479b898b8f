package io.kpool.transport.security;

import io.kpool.core.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The user's Kafka client properties ({@code --kafka-config FILE}): TLS, SASL, whatever the cluster
 * needs, applied to every client kpool opens, like Kafka's own {@code --command-config}. Loaded and
 * checked once, at start:
 * <ul>
 *   <li>every key must be a Kafka client setting (a typo such as {@code sasl.jaas.confg} would
 *       otherwise be ignored, and the client would fail to authenticate for no visible reason);</li>
 *   <li>keys kpool sets itself are refused ({@link #RESERVED}, each with its reason), since kpool's
 *       value would silently win over the user's; the keys kpool only tunes ({@link #TUNED}: linger,
 *       batch and fetch sizes, timeouts, backoffs) are the user's to set, and the user's value wins
 *       over kpool's for every client ({@link io.kpool.transport.KafkaSettings#tune});</li>
 *   <li>values must parse as Kafka's clients parse them, secrets referenced through Kafka's config
 *       providers ({@code ${file:...}}, {@code ${directory:...}}, {@code ${env:...}}) must resolve,
 *       and key and trust stores must be readable files.</li>
 * </ul>
 * The values are kept as written: each client resolves provider references itself, so a secret is
 * read where it is used and is never written to a command line. {@link #toString()} shows no value.
 */
public final class ClientProperties {

    /** Keys kpool sets on its clients, and why the user may not. */
    public static final Map<String, String> RESERVED = reserved();
    /**
     * Keys kpool tunes on some of its clients and the user may set: the user's value wins on every
     * client (see {@link io.kpool.transport.KafkaSettings#tune}).
     */
    public static final List<String> TUNED = List.of("linger.ms", "batch.size", "retry.backoff.ms",
            "retry.backoff.max.ms", "fetch.max.bytes", "max.partition.fetch.bytes", "fetch.max.wait.ms",
            "fetch.min.bytes", "session.timeout.ms", "heartbeat.interval.ms", "metadata.max.age.ms",
            "default.api.timeout.ms", "metric.reporters");

    private static final Set<String> KNOWN = known();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}:]+):[^}]*}");
    private static final Pattern USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final ClientProperties NONE = new ClientProperties(null, Map.of());

    private final Path file;
    private final Map<String, String> values;

    private ClientProperties(Path file, Map<String, String> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** No properties of the user's: Kafka's defaults (plain text, no authentication). */
    public static ClientProperties none() {
        return NONE;
    }

    /**
     * Reads and checks a properties file.
     *
     * @param option the option that named it ({@code --kafka-config}), for the error messages
     * @throws ConfigException naming the option, the file, the key and the rule
     */
    public static ClientProperties load(String option, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(option, "names no file: '" + file + "'");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(option, "names a file kpool cannot read as Java properties: '" + file + "' ("
                    + e.getMessage() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
        return of(option, absolute, values);
    }

    /**
     * Checks properties given as a map (from a file named {@code file}, or none).
     *
     * @throws ConfigException naming the option, the file, the key and the rule
     */
    public static ClientProperties of(String option, Path file, Map<String, String> values) {
        checkKeys(option, file, values);
        checkValues(option, file, values);
        return new ClientProperties(file, values);
    }

    /**
     * The key checks alone: every key a Kafka client setting, none of kpool's own. For checking a
     * file whose secrets live elsewhere (a Kubernetes Secret mounted at run time).
     */
    public static void checkKeys(String option, Path file, Map<String, String> values) {
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            String key = e.getKey();
            String reason = RESERVED.get(key);
            if (reason != null) {
                throw new ConfigException(option, where(file) + key + "=" + e.getValue() + " is not allowed: " + reason);
            }
            if (!KNOWN.contains(key) && !key.startsWith("config.providers")) {
                throw new ConfigException(option, where(file) + key + " is not a Kafka client setting (a typo?)");
            }
        }
    }

    private static void checkValues(String option, Path file, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<String, String> resolved = parse(option, file, values);
        Set<String> providers = new TreeSet<>();
        String names = values.get("config.providers");
        if (names != null) {
            for (String name : names.split(",")) {
                providers.add(name.trim());
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(resolved).entrySet()) {
            Matcher m = VARIABLE.matcher(e.getValue());
            while (m.find()) {
                if (providers.contains(m.group(1))) {
                    throw new ConfigException(option, where(file) + e.getKey() + " refers to " + m.group()
                            + ", which config provider '" + m.group(1) + "' could not resolve (no such file, key or "
                            + "variable?)");
                }
            }
        }
        for (String key : List.of(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG)) {
            String location = resolved.get(key);
            if (location != null && !location.isBlank() && !Files.isReadable(Path.of(location))) {
                throw new ConfigException(option, where(file) + key + " names no readable file: '" + location + "'");
            }
        }
        String protocol = resolved.getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        String mechanism = resolved.getOrDefault(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
        if (protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL_")
                && Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)
                && !resolved.containsKey(SaslConfigs.SASL_JAAS_CONFIG)
                && System.getProperty("java.security.auth.login.config") == null) {
            throw new ConfigException(option, where(file) + "security.protocol=" + protocol + " with sasl.mechanism="
                    + mechanism + " needs sasl.jaas.config (the user name and password)");
        }
    }

    /** Parses the values as each kind of Kafka client would; answers them with provider references resolved. */
    private static Map<String, String> parse(String option, Path file, Map<String, String> values) {
        Map<String, Object> props = new HashMap<>(values);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        Map<String, String> resolved = new HashMap<>();
        try {
            new AdminClientConfig(props).originalsStrings().forEach(resolved::put);
            Map<String, Object> producer = new HashMap<>(props);
            producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            new ProducerConfig(producer);
            Map<String, Object> consumer = new HashMap<>(props);
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            new ConsumerConfig(consumer);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException(option, where(file) + e.getMessage());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ConfigException(option, where(file) + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
        resolved.remove(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        return resolved;
    }

    private static String where(Path file) {
        return file == null ? "" : file + ": ";
    }

    /** The properties as written (provider references unresolved), by key. */
    public Map<String, String> values() {
        return values;
    }

    /** The file they came from, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** {@code security.protocol}, {@code PLAINTEXT} when not set. */
    public String securityProtocol() {
        return values.getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT").toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code sasl.mechanism}, Kafka's default ({@code GSSAPI}) when not set. */
    public String saslMechanism() {
        return values.getOrDefault(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
    }

    /** The user name in {@code sasl.jaas.config}, when it names one. */
    public Optional<String> saslUser() {
        Matcher m = USER.matcher(values.getOrDefault(SaslConfigs.SASL_JAAS_CONFIG, ""));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Where the settings came from, for messages: the file, or that there is none. */
    public String origin() {
        return file == null ? "no --kafka-config" : file.toString();
    }

    @Override
    public String toString() {
        return "ClientProperties[" + origin() + ", keys " + values.keySet() + "]";
    }

    private static Set<String> known() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Collections.unmodifiableSet(names);
    }

    private static Map<String, String> reserved() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("bootstrap.servers", "kpool sets it from --bootstrap (KPOOL_BOOTSTRAP)");
        r.put("client.id", "kpool names each of its clients after its role");
        String groups = "kpool's roles use their own consumer groups and member ids (see the ACL table)";
        r.put("group.id", groups);
        r.put("group.instance.id", groups);
        r.put("group.protocol", "kpool's dispatchers rely on the classic group protocol's static membership");
        String exactlyOnce = "kpool's exactly-once hand-offs depend on it";
        r.put("transactional.id", "kpool's roles use their own transactional ids (see the ACL table)");
        r.put("transaction.timeout.ms", exactlyOnce);
        r.put("enable.idempotence", exactlyOnce);
        r.put("acks", exactlyOnce);
        r.put("isolation.level", "kpool's readers read committed records only");
        r.put("enable.auto.commit", "kpool commits offsets in its transactions");
        r.put("auto.offset.reset", "kpool's readers position themselves");
        String wire = "kpool's wire format: string keys, JSON bytes";
        r.put("key.serializer", wire);
        r.put("value.serializer", wire);
        r.put("key.deserializer", wire);
        r.put("value.deserializer", wire);
        r.put("max.poll.records", "kpool sizes each reader's polls (a worker's from --batch-size)");
        r.put("max.request.size", "kpool sizes each client's requests (the dispatcher's from --max-job-bytes)");
        return Collections.unmodifiableMap(r);
    }
}
