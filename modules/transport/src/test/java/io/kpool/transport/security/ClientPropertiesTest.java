package io.kpool.transport.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.core.config.ConfigException;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {

    @TempDir
    Path dir;

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"kpool-client\" password=\"s3cret\";";

    private Path file(String text) throws IOException {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aSaslSslFileIsReadAndEveryClientOfKpoolGetsIt() throws IOException {
        Path truststore = Files.writeString(dir.resolve("ca.pem"), "not checked here");
        Path f = file("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=" + JAAS + "\n"
                + "ssl.truststore.type=PEM\nssl.truststore.location=" + truststore + "\n");

        ClientProperties client = ClientProperties.load("--kafka-config", f);
        KafkaSettings kafka = new KafkaSettings("localhost:9093", Topics.ofDefaults(), client);

        assertThat(client.securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(client.saslUser()).contains("kpool-client");
        for (Map<String, Object> props : java.util.List.of(kafka.admin("a"), kafka.producer("p"),
                kafka.transactionalProducer("t", "tx"), kafka.consumer("c", "g"))) {
            assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("bootstrap.servers", "localhost:9093");
        }
        assertThat(client.toString()).doesNotContain("s3cret");
        assertThat(kafka.toString()).doesNotContain("s3cret");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ClientProperties.load("--kafka-config", dir.resolve("nope.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--kafka-config names no file: '" + dir.resolve("nope.properties") + "'");
    }

    @Test
    void theBootstrapIsKpoolsToSetAndTheMessageSaysWhere() throws IOException {
        Path f = file("bootstrap.servers=broker:9093\n");

        assertThatThrownBy(() -> ClientProperties.load("--kafka-config", f)).isInstanceOf(ConfigException.class)
                .hasMessage("--kafka-config " + f + ": bootstrap.servers=broker:9093 is not allowed: kpool sets it "
                        + "from --bootstrap (KPOOL_BOOTSTRAP)");
    }

    @Test
    void everyKeyKpoolSetsOnItsClientsIsRefusedOrTheUsersToTuneSoTheUsersValueIsNeverSilentlyOverridden() {
        KafkaSettings kafka = new KafkaSettings("localhost:9092", Topics.ofDefaults());
        Set<String> set = new java.util.TreeSet<>();
        set.addAll(kafka.admin("a").keySet());
        set.addAll(kafka.producer("p").keySet());
        set.addAll(kafka.transactionalProducer("t", "tx").keySet());
        set.addAll(kafka.consumer("c", "g").keySet());
        set.removeAll(ClientProperties.TUNED);

        assertThat(ClientProperties.RESERVED.keySet()).containsAll(set).doesNotContainAnyElementsOf(ClientProperties.TUNED);
        for (String key : ClientProperties.RESERVED.keySet()) {
            assertThatThrownBy(() -> ClientProperties.of("--kafka-config", null, Map.of(key, "x")))
                    .as(key).isInstanceOf(ConfigException.class).hasMessageContaining(key + "=x is not allowed: ");
        }
    }

    @Test
    void aTuningInTheFileWinsOverKpoolsOnEveryClientAndKpoolsStandsWhereTheFileIsSilent() {
        KafkaSettings plain = new KafkaSettings("localhost:9092", Topics.ofDefaults());
        KafkaSettings tuned = plain.withClient(ClientProperties.of("--kafka-config", null,
                Map.of("linger.ms", "20", "retry.backoff.max.ms", "200", "default.api.timeout.ms", "90000")));

        assertThat(plain.producer("p")).containsEntry("linger.ms", 5);
        assertThat(tuned.producer("p")).containsEntry("linger.ms", "20").containsEntry("batch.size", 64 * 1024);
        assertThat(tuned.transactionalProducer("t", "tx")).containsEntry("linger.ms", "20")
                .containsEntry("retry.backoff.max.ms", "200").containsEntry("retry.backoff.ms", 5);
        assertThat(tuned.admin("a")).containsEntry("default.api.timeout.ms", "90000");
        Map<String, Object> consumer = tuned.consumer("c", null);
        tuned.tune(consumer, "fetch.max.wait.ms", 50);
        assertThat(consumer).containsEntry("fetch.max.wait.ms", 50);
        assertThatThrownBy(() -> tuned.tune(consumer, "acks", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypoIsNotASettingOfKafkasClients() {
        assertThatThrownBy(() -> ClientProperties.of("--kafka-config", Path.of("c.properties"),
                Map.of("sasl.jaas.confg", JAAS)))
                .hasMessage("--kafka-config c.properties: sasl.jaas.confg is not a Kafka client setting (a typo?)");
    }

    @Test
    void aBadValueIsRefusedAsKafkaWouldRefuseIt() {
        assertThatThrownBy(() -> ClientProperties.of("--kafka-config", null, Map.of("security.protocol", "SASL_TLS")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol")
                .hasMessageContaining("SASL_TLS");
    }

    @Test
    void saslWithAPasswordMechanismNeedsTheJaasConfig() {
        assertThatThrownBy(() -> ClientProperties.of("--kafka-config", null,
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512")))
                .hasMessage("--kafka-config security.protocol=SASL_SSL with sasl.mechanism=SCRAM-SHA-512 needs "
                        + "sasl.jaas.config (the user name and password)");
    }

    @Test
    void aTruststoreThatIsNotThereIsNamed() {
        assertThatThrownBy(() -> ClientProperties.of("--kafka-config", null, Map.of("security.protocol", "SSL",
                "ssl.truststore.location", dir.resolve("missing.p12").toString())))
                .hasMessage("--kafka-config ssl.truststore.location names no readable file: '"
                        + dir.resolve("missing.p12") + "'");
    }

    @Test
    void aSecretFromAFileResolvesThroughKafkasFileConfigProviderAndStaysOutOfTheValues() throws IOException {
        Path secrets = Files.writeString(dir.resolve("secrets.properties"), "password=s3cret\n");
        Map<String, String> values = new HashMap<>();
        values.put("config.providers", "file");
        values.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        values.put("security.protocol", "SASL_PLAINTEXT");
        values.put("sasl.mechanism", "SCRAM-SHA-512");
        values.put("sasl.jaas.config", JAAS.replace("s3cret", "${file:" + secrets + ":password}"));

        ClientProperties client = ClientProperties.of("--kafka-config", null, values);

        assertThat(client.values().get("sasl.jaas.config")).contains("${file:").doesNotContain("s3cret");
    }

    @Test
    void aSecretThatDoesNotResolveIsRefusedRatherThanSentAsThePassword() {
        Map<String, String> values = new HashMap<>();
        values.put("config.providers", "env");
        values.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        values.put("security.protocol", "SASL_PLAINTEXT");
        values.put("sasl.mechanism", "SCRAM-SHA-512");
        values.put("sasl.jaas.config", JAAS.replace("s3cret", "${env:KPOOL_TEST_NO_SUCH_VARIABLE}"));

        assertThatThrownBy(() -> ClientProperties.of("--kafka-config", null, values))
                .hasMessage("--kafka-config sasl.jaas.config refers to ${env:KPOOL_TEST_NO_SUCH_VARIABLE}, which config "
                        + "provider 'env' could not resolve (no such file, key or variable?)");
    }

    @Test
    void aSecretFromTheEnvironmentResolvesThroughKafkasEnvVarConfigProvider() {
        String variable = System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();
        Map<String, String> values = new HashMap<>();
        values.put("config.providers", "env");
        values.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        values.put("security.protocol", "SASL_PLAINTEXT");
        values.put("sasl.mechanism", "SCRAM-SHA-512");
        values.put("sasl.jaas.config", JAAS.replace("s3cret", "${env:" + variable + "}"));

        assertThat(ClientProperties.of("--kafka-config", null, values).saslUser()).contains("kpool-client");
    }
}
