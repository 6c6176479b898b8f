package io.kpool.transport.security;

import io.kpool.protocol.Topics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Least privilege for a pool: what each role's principal may do on the pool's topics, consumer
 * groups and transactional ids, and nothing else. The one table of it: {@code kpool acls} prints
 * it, {@code kpool acls --apply} writes it, the README's table is {@link #markdown} of it, and the
 * tests on a secured broker hold the roles to it.
 *
 * <p>Topics are named exactly (LITERAL); consumer groups and transactional ids, which carry a slot
 * or a dispatcher's id, by their PREFIXED stem. Every role may Describe every topic of the pool:
 * a role checks at start that the topics exist with their partitions. No role may create
 * topics or touch the cluster: the operator creates the topics ({@code kpool acls --apply}).
 * Idempotent writes need no cluster right (Kafka allows them to any principal that may write a
 * topic).
 */
public final class PoolAcls {

    /**
     * One right of one role.
     *
     * @param role      whose right
     * @param type      topic, group or transactional id
     * @param pattern   {@code LITERAL} or {@code PREFIXED}
     * @param name      the resource's name (or the prefix)
     * @param operation what the role may do to it
     */
    public record Grant(Role role, ResourceType type, PatternType pattern, String name, AclOperation operation) {
    }

    private PoolAcls() {
    }

    /** Every right of every role, for the pool of {@code topics}. */
    public static List<Grant> grants(Topics t) {
        List<Grant> g = new ArrayList<>();
        // Clients: submit jobs; read outcomes, events, and the slot states and heartbeats that
        // kpool status shows. Consumer groups of their own for clients that read in a group.
        topics(g, Role.CLIENT, AclOperation.WRITE, t.jobs());
        topics(g, Role.CLIENT, AclOperation.READ, t.results(), t.deadLetters(), t.events(), t.workers(), t.heartbeats());
        describeAll(g, Role.CLIENT, t);
        g.add(new Grant(Role.CLIENT, ResourceType.GROUP, PatternType.PREFIXED, t.prefix() + "-client-", AclOperation.READ));
        // Workers: their slot's tasks and position in; results, dead letters (poison jobs), their
        // events, positions and heartbeats out, in transactions under kpool-worker-<slot> (the
        // group of that name holds a slot's offsets from before positions, read once).
        // And the cancel orders, which every worker reads whole.
        topics(g, Role.WORKER, AclOperation.READ, t.tasks(), t.positions(), t.cancels());
        topics(g, Role.WORKER, AclOperation.WRITE, t.results(), t.deadLetters(), t.events(), t.heartbeats(),
                t.positions());
        describeAll(g, Role.WORKER, t);
        workerIds(g, Role.WORKER, t);
        // Dispatchers: jobs in (one consumer group), the slots' states and heartbeats; tasks,
        // dead letters, their events and cancel orders out, in transactions under
        // kpool-dispatcher-<id>; the jobs waiting for their time both ways.
        topics(g, Role.DISPATCHER, AclOperation.READ, t.jobs(), t.workers(), t.heartbeats(), t.delayed());
        topics(g, Role.DISPATCHER, AclOperation.WRITE, t.tasks(), t.deadLetters(), t.events(), t.cancels(), t.delayed());
        describeAll(g, Role.DISPATCHER, t);
        g.add(new Grant(Role.DISPATCHER, ResourceType.GROUP, PatternType.LITERAL, t.dispatcherGroup(), AclOperation.READ));
        g.add(new Grant(Role.DISPATCHER, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED,
                t.dispatcherTransactionalId(""), AclOperation.WRITE));
        // Supervisors: slot states and events out; slot states (to take slots over) and heartbeats
        // in. For a slot that will not run again, its evacuation runs as the supervisor: it fences
        // the slot (its transactional id) and moves the slot's tasks back to jobs, which a worker
        // may not write.
        topics(g, Role.SUPERVISOR, AclOperation.READ, t.workers(), t.heartbeats(), t.tasks(), t.positions());
        topics(g, Role.SUPERVISOR, AclOperation.WRITE, t.workers(), t.events(), t.jobs(), t.deadLetters(),
                t.positions());
        describeAll(g, Role.SUPERVISOR, t);
        workerIds(g, Role.SUPERVISOR, t);
        return List.copyOf(g);
    }

    private static void topics(List<Grant> g, Role role, AclOperation op, String... names) {
        for (String name : names) {
            g.add(new Grant(role, ResourceType.TOPIC, PatternType.LITERAL, name, op));
        }
    }

    private static void describeAll(List<Grant> g, Role role, Topics t) {
        for (String name : t.all()) {
            boolean implied = g.stream().anyMatch(x -> x.role() == role && x.type() == ResourceType.TOPIC
                    && x.name().equals(name));
            if (!implied) {
                g.add(new Grant(role, ResourceType.TOPIC, PatternType.LITERAL, name, AclOperation.DESCRIBE));
            }
        }
    }

    private static void workerIds(List<Grant> g, Role role, Topics t) {
        g.add(new Grant(role, ResourceType.GROUP, PatternType.PREFIXED, t.workerStem(), AclOperation.READ));
        g.add(new Grant(role, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, t.workerStem(), AclOperation.WRITE));
    }

    /** The principals kpool assumes: {@code User:kpool-<role>}, with {@code overrides} taking their place. */
    public static Map<Role, String> principals(Map<Role, String> overrides) {
        Map<Role, String> principals = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            principals.put(role, overrides.getOrDefault(role, role.defaultPrincipal()));
        }
        return principals;
    }

    /** The table as Kafka ACL bindings (ALLOW, from any host). */
    public static List<AclBinding> bindings(Topics topics, Map<Role, String> principals) {
        return grants(topics).stream().map(g -> new AclBinding(new ResourcePattern(g.type(), g.name(), g.pattern()),
                new AccessControlEntry(principals.get(g.role()), "*", g.operation(), AclPermissionType.ALLOW))).toList();
    }

    /**
     * Writes the bindings with the admin client (as a principal allowed to alter ACLs); bindings that
     * exist already are left as they are.
     *
     * @return how many bindings the table has
     */
    public static int apply(Admin admin, Topics topics, Map<Role, String> principals)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<AclBinding> bindings = bindings(topics, principals);
        admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
        return bindings.size();
    }

    /** The table for people, one row per principal (the README's table is this for the default prefix). */
    public static String markdown(Topics topics, Map<Role, String> principals) {
        StringBuilder md = new StringBuilder();
        md.append("| principal | topics | consumer groups | transactional ids |\n");
        md.append("|---|---|---|---|\n");
        for (Role role : Role.values()) {
            List<Grant> mine = grants(topics).stream().filter(g -> g.role() == role).toList();
            Map<AclOperation, List<String>> onTopics = new LinkedHashMap<>();
            for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
                List<String> names = mine.stream().filter(g -> g.type() == ResourceType.TOPIC && g.operation() == op)
                        .map(g -> "`" + g.name() + "`").toList();
                if (!names.isEmpty()) {
                    onTopics.put(op, names);
                }
            }
            String topicCell = onTopics.entrySet().stream()
                    .map(e -> word(e.getKey()) + " " + String.join(", ", e.getValue())).collect(Collectors.joining("; "));
            md.append("| `").append(principals.get(role)).append("` (").append(role.wireName()).append(") | ")
                    .append(topicCell).append(" | ").append(cell(mine, ResourceType.GROUP)).append(" | ")
                    .append(cell(mine, ResourceType.TRANSACTIONAL_ID)).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(List<Grant> grants, ResourceType type) {
        String text = grants.stream().filter(g -> g.type() == type)
                .map(g -> word(g.operation()) + " `" + g.name() + (g.pattern() == PatternType.PREFIXED ? "*`" : "`"))
                .collect(Collectors.joining("; "));
        return text.isEmpty() ? "none" : text;
    }

    private static String word(AclOperation op) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
