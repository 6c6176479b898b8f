package io.kpool.transport.security;

import io.kpool.transport.KafkaSettings;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Turns what a secured Kafka refuses (a password, a certificate, an ACL) into one line that says
 * what failed, on which resource, and which setting to look at. The one place that knows Kafka's
 * security exceptions; everything else asks {@link #describe} or {@link #isRefusal}.
 */
public final class KafkaRefusal {

    /** Where the rights of each role are listed, for messages. */
    public static final String ACL_HINT = "kpool acls lists what each role may do";

    private KafkaRefusal() {
    }

    /** Whether {@code e} or one of its causes is a refusal: authentication or authorization failed. */
    public static boolean isRefusal(Throwable e) {
        return find(e) != null;
    }

    /**
     * The refusal in {@code e}'s cause chain, in one line; empty when {@code e} is not a refusal.
     *
     * @param kafka the settings of the client that was refused, or null when not known
     */
    public static Optional<String> describe(Throwable e, KafkaSettings kafka) {
        Throwable refusal = find(e);
        if (refusal == null) {
            return Optional.empty();
        }
        if (refusal instanceof KafkaRefusedException) {
            return Optional.of(refusal.getMessage());
        }
        ClientProperties client = kafka == null ? ClientProperties.none() : kafka.client();
        String at = kafka == null ? "Kafka" : "Kafka at " + kafka.bootstrap();
        String who = client.saslUser().map(u -> "user '" + u + "'").orElse("this client's principal");
        String in = kafka == null ? "" : " (" + client.origin() + ")";
        if (refusal instanceof AuthorizationException) {
            return Optional.of(at + " denied " + who + " " + denied(refusal) + ": " + ACL_HINT);
        }
        if (refusal instanceof SaslAuthenticationException) {
            String message = String.valueOf(refusal.getMessage());
            if (message.contains("invalid credentials")) {
                return Optional.of(at + " refused the credentials of " + who + " (SASL " + client.saslMechanism()
                        + "): wrong user name or password? Check sasl.jaas.config" + in);
            }
            return Optional.of(at + " refused SASL authentication: " + message + "; check sasl.mechanism and "
                    + "sasl.jaas.config" + in);
        }
        if (refusal instanceof SslAuthenticationException) {
            return Optional.of(tls(refusal, at, client, in));
        }
        if (refusal instanceof UnsupportedSaslMechanismException) {
            return Optional.of(at + " does not accept SASL mechanism " + client.saslMechanism() + ": "
                    + refusal.getMessage() + "; set sasl.mechanism to one it enables" + in);
        }
        if (refusal instanceof IllegalSaslStateException) {
            return Optional.of("the SASL handshake with " + at + " failed: " + refusal.getMessage()
                    + "; does this listener use SASL? This client uses security.protocol=" + client.securityProtocol()
                    + in);
        }
        return Optional.of(at + " refused this client's authentication: " + refusal.getMessage() + in);
    }

    private static Throwable find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KafkaRefusedException || t instanceof AuthenticationException
                    || t instanceof AuthorizationException) {
                return t;
            }
        }
        return null;
    }

    private static String denied(Throwable refusal) {
        if (refusal instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()) {
            TreeSet<String> names = new TreeSet<>(topics.unauthorizedTopics());
            return "access to topic" + (names.size() == 1 ? " " : "s ") + String.join(", ", names);
        }
        if (refusal instanceof GroupAuthorizationException group && group.groupId() != null) {
            return "access to consumer group " + group.groupId();
        }
        if (refusal instanceof TransactionalIdAuthorizationException) {
            return "the use of its transactional id";
        }
        if (refusal instanceof ClusterAuthorizationException) {
            return "a cluster operation (" + refusal.getMessage() + ")";
        }
        return "an operation (" + refusal.getMessage() + ")";
    }

    /** What went wrong in a TLS handshake, from the deepest cause that says. */
    private static String tls(Throwable refusal, String at, ClientProperties client, String in) {
        String truststore = client.values().containsKey("ssl.truststore.location")
                || client.values().containsKey("ssl.truststore.certificates") ? ""
                : "; this client has no ssl.truststore.location, so it trusts only Java's default CAs";
        Throwable deepest = refusal;
        for (Throwable t = refusal; t != null; t = t.getCause() == t ? null : t.getCause()) {
            deepest = t;
            String message = String.valueOf(t.getMessage());
            if (t instanceof CertificateExpiredException) {
                return at + " presented a TLS certificate that has expired (" + message + ")" + in;
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || message.contains("PKIX path")) {
                return at + " presented a TLS certificate this client does not trust (PKIX path building failed: no "
                        + "trusted CA signed it): put the broker's CA in ssl.truststore.location" + truststore + in;
            }
            if (message.contains("No subject alternative") || message.contains("No name matching")) {
                return at + " presented a TLS certificate for another host (" + message + "): connect by a name the "
                        + "certificate lists" + in;
            }
            if (message.contains("bad_certificate") || message.contains("certificate_required")
                    || message.contains("certificate_unknown")) {
                return at + " refused this client's TLS certificate, or wanted one it did not present (" + message
                        + "): check ssl.keystore.location" + in;
            }
            if (message.contains("Remote host terminated the handshake") || message.contains("Unsupported or unrecognized SSL message")) {
                return "the TLS handshake with " + at + " failed (" + message + "): does this listener use TLS? This "
                        + "client uses security.protocol=" + client.securityProtocol() + in;
            }
        }
        return "the TLS handshake with " + at + " failed: " + deepest.getMessage() + in;
    }
}
