package io.kpool.cli;

import io.kpool.embedded.BrokerSecurity;
import io.kpool.embedded.EmbeddedKafka;
import io.kpool.transport.security.ClientProperties;
import io.kpool.transport.security.Role;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded broker of {@code kpool up --secure} and {@code kpool broker --secure}: one SCRAM user
 * per role ({@code kpool-client}, {@code kpool-worker}, {@code kpool-dispatcher},
 * {@code kpool-supervisor}) and the operator ({@code kpool-admin}, its super user), each with a client
 * properties file in the data directory.
 */
final class SecuredBroker {

    /** The operator: creates the topics, writes the ACLs, audits. A super user of the embedded broker. */
    static final String OPERATOR = "kpool-admin";

    private SecuredBroker() {
    }

    static EmbeddedKafka start(int port, Path dataDir) {
        List<String> users = new ArrayList<>();
        users.add(OPERATOR);
        for (Role role : Role.values()) {
            users.add(role.userName());
        }
        return EmbeddedKafka.startSecured(port, dataDir, users, OPERATOR);
    }

    /** A user's client properties file. */
    static Path file(EmbeddedKafka kafka, String user) {
        return kafka.security().orElseThrow().clientProperties(user);
    }

    /** A user's client properties, read and checked as any --kafka-config is. */
    static ClientProperties properties(EmbeddedKafka kafka, String user) {
        return ClientProperties.load("--secure", file(kafka, user));
    }

    /** Says where the broker is, how it is secured, and where each principal's client properties are. */
    static void describe(PrintWriter out, EmbeddedKafka kafka, String what) {
        BrokerSecurity security = kafka.security().orElseThrow();
        out.printf("kafka      %s (%s, SASL_SSL with %s users and ACLs, data in %s)%n", kafka.bootstrap(), what,
                BrokerSecurity.MECHANISM, kafka.dataDir());
        out.printf("ca         %s (PEM, for clients that are not Java; Java clients use %s)%n", security.caPem(),
                security.trustStore());
        out.printf("client     %s   (User:%s: kpool submit, status, watch)%n", file(kafka, Role.CLIENT.userName()),
                Role.CLIENT.userName());
        for (Role role : List.of(Role.WORKER, Role.DISPATCHER, Role.SUPERVISOR)) {
            out.printf("%-10s %s%n", role.wireName(), file(kafka, role.userName()));
        }
        out.printf("admin      %s   (User:%s, a super user: kpool acls --apply, kpool audit)%n", file(kafka, OPERATOR),
                OPERATOR);
        out.flush();
    }
}
