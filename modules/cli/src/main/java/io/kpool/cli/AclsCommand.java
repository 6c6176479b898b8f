package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.TopicLayout;
import io.kpool.transport.security.PoolAcls;
import io.kpool.transport.security.Role;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool acls}: the least-privilege ACLs of a pool, printed for review or applied. */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Print the ACLs each role of a pool needs on a secured Kafka: one principal per role (client, "
                + "worker, dispatcher, supervisor), each allowed only what it does, on the pool's topics, consumer "
                + "groups and transactional ids. Needs no Kafka.",
                "With --apply: create the pool's topics (the roles may not create them) and write the ACLs, as an "
                        + "operator allowed to (its --kafka-config). ACLs that exist already are left as they are."},
        footer = {"", "Examples:", "  kpool acls",
                "  kpool acls --apply --bootstrap kafka:9093 --kafka-config admin.properties --workers 8",
                "  kpool acls --principal worker=User:CN=kpool-worker --principal client=User:alice"})
final class AclsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicOptions topicOptions;

    @Option(names = "--apply", description = "Create the topics and write the ACLs (default: only print them).")
    boolean apply;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "Slots the tasks topic gets partitions for, when --apply creates it (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--principal", paramLabel = "ROLE=PRINCIPAL", split = ",",
            description = "The principal of a role, e.g. worker=User:CN=kpool-worker for a client certificate "
                    + "(default: User:kpool-<role>, the users of kpool up --secure).")
    Map<String, String> principals = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<Role, String> chosen = PoolAcls.principals(overrides());
        PrintWriter out = spec.commandLine().getOut();
        if (!apply) {
            KafkaSettings settings = kafka.settings();
            out.print(table(PoolAcls.bindings(settings.topics(), chosen)));
            out.printf("%nCreate the topics and write these with: kpool acls --apply --bootstrap HOST:PORT "
                    + "--kafka-config OPERATOR.properties%n");
            out.flush();
            return 0;
        }
        KafkaSettings settings = kafka.reachable();
        int written = apply(settings, topicOptions.layout(workers), chosen);
        out.printf("topics of prefix %s: created or checked (%s)%n", settings.topics().prefix(),
                String.join(", ", settings.topics().all()));
        out.printf("ACLs: %d written for %d principals (%s)%n", written, chosen.size(),
                String.join(", ", chosen.values()));
        out.flush();
        return 0;
    }

    /** Creates the pool's topics and writes its ACLs, as the operator whose settings these are. */
    static int apply(KafkaSettings operator, TopicLayout layout, Map<Role, String> principals) throws Exception {
        try (TopicAdmin topics = new TopicAdmin(operator)) {
            topics.ensure(layout, Duration.ofSeconds(60));
        }
        try (Admin admin = Admin.create(operator.admin("kpool-acls"))) {
            return PoolAcls.apply(admin, operator.topics(), principals);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private Map<Role, String> overrides() {
        Map<Role, String> overrides = new EnumMap<>(Role.class);
        principals.forEach((role, principal) -> {
            if (!principal.matches("[^:]+:.+")) {
                throw new ConfigException("--principal", "needs TYPE:NAME such as User:kpool-worker, but was '"
                        + role + "=" + principal + "'");
            }
            overrides.put(Role.named("--principal", role), principal);
        });
        return overrides;
    }

    /** The bindings for review, one a line. */
    static String table(List<AclBinding> bindings) {
        String format = "%-28s %-10s %-17s %-9s %s%n";
        StringBuilder text = new StringBuilder(String.format(format, "PRINCIPAL", "OPERATION", "RESOURCE", "PATTERN",
                "NAME"));
        for (AclBinding b : bindings) {
            text.append(String.format(format, b.entry().principal(), lower(b.entry().operation().name()),
                    lower(b.pattern().resourceType().name()), lower(b.pattern().patternType().name()), b.pattern().name()));
        }
        return text.toString();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
