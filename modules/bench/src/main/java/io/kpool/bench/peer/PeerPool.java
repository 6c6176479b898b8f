package io.kpool.bench.peer;

import io.kpool.bench.BenchEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain pool users would write instead of kpool, measured on the bench's broker: {@code members}
 * processes of {@link PeerMember} in one consumer group, on fresh topics ({@code peer-<hex>.in} with
 * one partition per member, {@code .out}). Measures throughput and, if asked, failover after a
 * member's SIGKILL with default settings and with static membership (each on its own topics and
 * group). Every phase is bounded; what is not reached in time is reported as null (or, for
 * throughput, as the rate of the results that came).
 */
public final class PeerPool {

    private static final Logger log = LoggerFactory.getLogger(PeerPool.class);

    /** The most any phase (start, throughput, one failover) may take. */
    public static final Duration PHASE = Duration.ofSeconds(120);

    /** The member that is killed in the failover phases. */
    private static final int VICTIM = 0;

    private final BenchEnvironment env;
    private final int members;
    private final String name = "peer-" + UUID.randomUUID().toString().substring(0, 8);

    private PeerPool(BenchEnvironment env, int members) {
        this.env = env;
        this.members = members;
    }

    /**
     * Runs the peer pool and returns its figures.
     *
     * @param members  member processes (and input partitions), at least 1
     * @param jobs     jobs to time for throughput, at least 1
     * @param failover whether to measure both failovers too (a minute or more: the default session timeout is 45 s)
     */
    public static PeerResult run(BenchEnvironment env, int members, int jobs, boolean failover) {
        if (members < 1 || jobs < 1) {
            throw new IllegalArgumentException("members and jobs must be at least 1, but were " + members
                    + " and " + jobs);
        }
        PeerPool pool = new PeerPool(env, members);
        double rate = 0;
        Long failoverDefault = null;
        Long failoverStatic = null;
        try (Admin admin = Admin.create(env.connection())) {
            PeerTopics dynamic = new PeerTopics(pool.name, members);
            dynamic.create(env.connection());
            try (PeerMembers processes = new PeerMembers(env, dynamic);
                 PeerInput input = new PeerInput(env.connection(), dynamic.input());
                 PeerOutputs outputs = new PeerOutputs(env.connection(), dynamic)) {
                for (int i = 0; i < members; i++) {
                    processes.start(i, null);
                }
                if (PeerReadiness.await(admin, dynamic, processes, members, input, outputs, PHASE)) {
                    rate = PeerThroughput.measure(input, outputs, jobs, PHASE);
                    if (failover) {
                        failoverDefault = PeerFailover.measure(admin, dynamic, processes, input, outputs, VICTIM,
                                null, PHASE);
                    }
                }
            }
            if (failover) {
                failoverStatic = pool.staticFailover(admin);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("peer pool bench interrupted: reporting what was reached");
        }
        PeerResult result = new PeerResult(members, jobs, rate, failoverDefault, failoverStatic);
        log.info("peer pool {}: {}", pool.name, result);
        return result;
    }

    private Long staticFailover(Admin admin) throws InterruptedException {
        PeerTopics topics = new PeerTopics(name + "-static", members);
        topics.create(env.connection());
        try (PeerMembers processes = new PeerMembers(env, topics);
             PeerInput input = new PeerInput(env.connection(), topics.input());
             PeerOutputs outputs = new PeerOutputs(env.connection(), topics)) {
            for (int i = 0; i < members; i++) {
                processes.start(i, staticId(i));
            }
            if (!PeerReadiness.await(admin, topics, processes, members, input, outputs, PHASE)) {
                return null;
            }
            return PeerFailover.measure(admin, topics, processes, input, outputs, VICTIM, staticId(VICTIM), PHASE);
        }
    }

    private static String staticId(int member) {
        return "member-" + member;
    }
}
