package io.kpool.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuredEmbeddedKafkaTest {

    private static Map<String, Object> client(EmbeddedKafka kafka, String user) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(kafka.security().orElseThrow().clientProperties(user))) {
            p.load(in);
        }
        Map<String, Object> props = new HashMap<>();
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        props.put("bootstrap.servers", kafka.bootstrap());
        return props;
    }

    @Test
    void theAdminMayAnythingAnotherUserNothingWithoutAclsAndTheSecretsStayWithTheirOwner(@TempDir Path dir)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(0, dir, List.of("kpool-admin", "kpool-client"),
                "kpool-admin")) {
            try (Admin admin = Admin.create(client(kafka, "kpool-admin"))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (Admin other = Admin.create(client(kafka, "kpool-client"))) {
                assertThatThrownBy(() -> other.describeTopics(List.of("t")).allTopicNames().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            BrokerSecurity security = kafka.security().orElseThrow();
            assertThat(Files.readString(security.caPem())).startsWith("-----BEGIN CERTIFICATE-----");
            for (Path secret : List.of(security.clientProperties("kpool-client"), security.trustStore(),
                    dir.resolve("secure/broker.p12"), dir.resolve("secure/broker.properties"),
                    dir.resolve("server.properties"))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString())
                        .isEqualTo("rw-------");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secure"))))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void aSecuredDataDirectoryKeepsItsUsersAndRefusesAWrongPasswordAfterARestart(@TempDir Path dir) throws Exception {
        String before;
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(0, dir, List.of("kpool-admin"), "kpool-admin")) {
            before = Files.readString(kafka.security().orElseThrow().clientProperties("kpool-admin"));
        }
        try (EmbeddedKafka again = EmbeddedKafka.startSecured(0, dir, List.of("kpool-admin"), "kpool-admin")) {
            assertThat(Files.readString(again.security().orElseThrow().clientProperties("kpool-admin"))).isEqualTo(before);
            try (Admin admin = Admin.create(client(again, "kpool-admin"))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            Map<String, Object> wrong = client(again, "kpool-admin");
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"kpool-admin\" password=\"wrong\";");
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
        assertThatThrownBy(() -> EmbeddedKafka.start(0, dir)).isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("holds a secured broker (made with --secure): run it with --secure");
    }
}
