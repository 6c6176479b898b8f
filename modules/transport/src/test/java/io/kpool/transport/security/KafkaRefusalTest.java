package io.kpool.transport.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaRefusalTest {

    private static final KafkaSettings CLIENT = new KafkaSettings("localhost:9093", Topics.ofDefaults(),
            ClientProperties.of("--kafka-config", Path.of("/etc/kpool/client.properties"), Map.of(
                    "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"kpool-client\" "
                            + "password=\"x\";")));

    private static SslAuthenticationException handshake(Throwable cause) {
        SSLHandshakeException ssl = new SSLHandshakeException(cause.getMessage());
        ssl.initCause(cause);
        return new SslAuthenticationException("SSL handshake failed", ssl);
    }

    @Test
    void aWrongPasswordNamesTheUserAndTheFile() {
        var e = new ExecutionException(new SaslAuthenticationException("Authentication failed during authentication "
                + "due to invalid credentials with SASL mechanism SCRAM-SHA-512"));

        assertThat(KafkaRefusal.describe(e, CLIENT)).contains("Kafka at localhost:9093 refused the credentials of user "
                + "'kpool-client' (SASL SCRAM-SHA-512): wrong user name or password? Check sasl.jaas.config "
                + "(/etc/kpool/client.properties)");
    }

    @Test
    void aCertificateFromAnUntrustedCaSaysToTrustTheCa() {
        var e = handshake(new CertificateException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path",
                new CertPathBuilderException("unable to find valid certification path to requested target")));

        assertThat(KafkaRefusal.describe(e, CLIENT)).contains("Kafka at localhost:9093 presented a TLS certificate this "
                + "client does not trust (PKIX path building failed: no trusted CA signed it): put the broker's CA in "
                + "ssl.truststore.location; this client has no ssl.truststore.location, so it trusts only Java's "
                + "default CAs (/etc/kpool/client.properties)");
    }

    @Test
    void aCertificateForAnotherHostSaysSo() {
        var e = handshake(new CertificateException("No subject alternative DNS name matching kafka.example.com found."));

        assertThat(KafkaRefusal.describe(e, CLIENT).orElseThrow()).startsWith("Kafka at localhost:9093 presented a TLS "
                + "certificate for another host (No subject alternative DNS name matching kafka.example.com found.)");
    }

    @Test
    void aDeniedTopicIsNamedWithThePrincipal() {
        var e = new KafkaException("Cannot execute transactional method because we are in an error state",
                new TopicAuthorizationException(Set.of("kpool.tasks")));

        assertThat(KafkaRefusal.describe(e, CLIENT)).contains("Kafka at localhost:9093 denied user 'kpool-client' access "
                + "to topic kpool.tasks: kpool acls lists what each role may do");
    }

    @Test
    void aDeniedGroupIsNamed() {
        assertThat(KafkaRefusal.describe(new GroupAuthorizationException("denied", "kpool-dispatcher"), CLIENT))
                .contains("Kafka at localhost:9093 denied user 'kpool-client' access to consumer group kpool-dispatcher: "
                        + "kpool acls lists what each role may do");
    }

    @Test
    void somethingElseIsNoRefusal() {
        assertThat(KafkaRefusal.describe(new TimeoutException("no answer"), CLIENT)).isEmpty();
        assertThat(KafkaRefusal.describe(new IllegalArgumentException("payload must not be negative"), CLIENT)).isEmpty();
        assertThat(KafkaRefusal.isRefusal(new KafkaException("x", new TopicAuthorizationException("y")))).isTrue();
    }

    @Test
    void aPlaintextClientAtATlsListenerIsToldWhichSettingToSet() {
        assertThat(ListenerProbe.mismatch("localhost:9093", "PLAINTEXT", ListenerProbe.Speaks.TLS)).contains(
                "the Kafka listener at localhost:9093 accepts connections but speaks TLS, and this client uses "
                        + "security.protocol=PLAINTEXT (the default): set security.protocol=SASL_SSL (or SSL), with "
                        + "ssl.truststore.location, in a --kafka-config file");
        assertThat(ListenerProbe.mismatch("localhost:9093", "SASL_SSL", ListenerProbe.Speaks.TLS)).isEmpty();
        assertThat(ListenerProbe.mismatch("localhost:9093", "PLAINTEXT", ListenerProbe.Speaks.NOTHING)).isEmpty();
    }
}
