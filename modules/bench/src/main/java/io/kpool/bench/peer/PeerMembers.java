package io.kpool.bench.peer;

import io.kpool.bench.BenchEnvironment;
import io.kpool.bench.RoleLaunches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member processes of one peer pool ({@code kpool bench member}), started from the bench's
 * kpool command with their logs in the work directory; {@link #close()} stops every one it started
 * (SIGTERM, SIGKILL after a grace).
 */
public final class PeerMembers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerMembers.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final BenchEnvironment env;
    private final PeerTopics topics;
    private final List<String> memberArgs;
    private final Map<Integer, Process> current = new TreeMap<>();
    private final Map<Integer, String> staticIds = new TreeMap<>();
    private final List<Process> started = new ArrayList<>();
    private volatile boolean closing;
    private volatile int restarts;
    private Thread restarter;

    PeerMembers(BenchEnvironment env, PeerTopics topics) {
        this(env, topics, List.of());
    }

    /** @param memberArgs more options for every member, e.g. {@code --handler sleep} */
    public PeerMembers(BenchEnvironment env, PeerTopics topics, List<String> memberArgs) {
        this.env = env;
        this.topics = topics;
        this.memberArgs = List.copyOf(memberArgs);
    }

    /**
     * From now on, starts again at once every member whose process ends (checked every 50 ms), as a
     * supervisor would: a member that crashes on a job crashes again on it.
     */
    public synchronized void restartWhenEnded() {
        if (restarter != null) {
            return;
        }
        restarter = new Thread(() -> {
            try {
                while (!closing) {
                    restartEnded();
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kpool-bench-peer-restarter");
        restarter.setDaemon(true);
        restarter.start();
    }

    private synchronized void restartEnded() {
        for (Map.Entry<Integer, Process> member : new ArrayList<>(current.entrySet())) {
            if (!closing && !member.getValue().isAlive()) {
                log.info("member {} (pid {}) ended with {}: restarting it", member.getKey(), member.getValue().pid(),
                        member.getValue().exitValue());
                restarts++;
                start(member.getKey(), staticIds.get(member.getKey()));
            }
        }
    }

    /** How many times {@link #restartWhenEnded} restarted a member. */
    public int restarts() {
        return restarts;
    }

    /**
     * Starts member {@code index} (again, if it ran before).
     *
     * @param staticId its static group member id, or null for a dynamic member
     */
    public synchronized Process start(int index, String staticId) {
        List<String> args = env.launches().member(new RoleLaunches.Member(env.bootstrap(), env.kafkaConfig(),
                topics.input(), topics.output(), topics.group(), staticId, ProcessHandle.current().pid(), memberArgs));
        Path logFile = env.workDir().resolve(topics.name() + "-member-" + index + ".log");
        try {
            Files.createDirectories(env.workDir());
            ProcessBuilder builder = new ProcessBuilder(env.command(args))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().remove("KPOOL_STATIC_ID");
            builder.environment().put("KPOOL_LOG_LEVEL", "INFO");
            Process process = builder.start();
            current.put(index, process);
            staticIds.put(index, staticId);
            started.add(process);
            log.info("member {} started (pid {}{}), log {}", index, process.pid(),
                    staticId != null ? ", static id " + staticId : "", logFile);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start peer member " + index, e);
        }
    }

    /** SIGKILLs member {@code index} and waits until it is gone; returns when the kill was sent (epoch ms). */
    long kill(int index) throws InterruptedException {
        Process process;
        synchronized (this) {
            process = current.get(index);
        }
        long at = System.currentTimeMillis();
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            log.warn("member {} (pid {}) still alive 10 s after SIGKILL", index, process.pid());
        }
        log.info("member {} (pid {}) killed", index, process.pid());
        return at;
    }

    /**
     * Whether the group is stable with every member of {@code expected} holding partitions, as the
     * coordinator describes it now.
     */
    boolean groupComplete(Admin admin, int expected) throws InterruptedException {
        ConsumerGroupDescription group;
        try {
            group = admin.describeConsumerGroups(List.of(topics.group())).describedGroups().get(topics.group())
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("cannot describe group {}: {}", topics.group(), e.toString());
            return false;
        }
        Set<MemberDescription> assigned = new HashSet<>();
        for (MemberDescription member : group.members()) {
            if (!member.assignment().topicPartitions().isEmpty()) {
                assigned.add(member);
            }
        }
        log.debug("group {}: {}, {} members, {} with partitions", topics.group(), group.groupState(),
                group.members().size(), assigned.size());
        return group.groupState() == GroupState.STABLE && group.members().size() == expected
                && assigned.size() == expected;
    }

    /** Stops every process started here: SIGTERM, then SIGKILL for those still alive after the grace. */
    @Override
    public void close() {
        closing = true;
        if (restarter != null) {
            try {
                restarter.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Process> started;
        synchronized (this) {
            started = new ArrayList<>(this.started);
        }
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Process process : started) {
            try {
                long left = deadline - System.nanoTime();
                if (process.isAlive() && !process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    log.warn("member pid {} ignored SIGTERM for {}: SIGKILL", process.pid(), GRACE);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        log.info("{} member processes of {} stopped", started.size(), topics.name());
    }
}
