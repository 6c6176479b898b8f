package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.Audit;
import io.kpool.client.AuditReport;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.embedded.EmbeddedKafka;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing lost, nothing done twice, under fire: jobs (some of them poison) flow through {@code kpool
 * up} while a random worker is SIGKILLed about every second, the dispatcher and the supervisor
 * are each SIGKILLed once (kpool up restarts them) and the broker is stopped and started again on
 * the same data once. Then every good job must have exactly one correct result and every poison
 * job exactly one dead letter. Sized by {@code -Dchaos.jobs} (default 10,000) and
 * {@code -Dchaos.seconds} (default 30, the time over which jobs are fed and chaos is made).
 */
class ChaosIT {

    /** No outcome for this long after the chaos: a job is lost. */
    private static final Duration STALL = Duration.ofMinutes(2);
    /** The longest the outcomes may take in all. */
    private static final Duration AT_MOST = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(ChaosIT.class);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final Random random = new Random(42);

    @Test
    void noJobIsLostOrDoneTwiceWhileWorkersDispatcherSupervisorAndBrokerAreKilled() throws Exception {
        int jobs = Integer.getInteger("chaos.jobs", 10_000);
        int seconds = Integer.getInteger("chaos.seconds", 30);
        // Eight poison jobs (each crashes its worker --max-attempts times, and each crash is a worker
        // restart); odd, so that round-robin over 4 workers spreads them over every slot and each
        // slot settles its own in parallel instead of one slot taking every crash in a row.
        int poisonEvery = Math.max(100, jobs / 8) | 1;
        int port = freePort();
        Path data = dir.resolve("kafka");
        EmbeddedKafka[] broker = {EmbeddedKafka.start(port, data)};
        KafkaSettings kafka = new KafkaSettings("localhost:" + port, new Topics("chaos"));
        Process up = null;
        try {
            up = startUp(kafka);
            Process pool = up;
            Path upOut = dir.resolve("up.out");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).alias("kpool is up")
                    .until(() -> Files.readString(upOut).contains("kpool is up"));

            Submission submission = new Submission();
            AtomicBoolean feeding = new AtomicBoolean(true);
            AtomicInteger fed = new AtomicInteger();
            List<String> poison = new ArrayList<>();
            for (int i = 0; i < jobs; i += poisonEvery) {
                poison.add("job-" + i);
            }
            Thread feeder = new Thread(() -> feed(kafka, jobs, seconds, poisonEvery, fed, feeding), "chaos-feeder");
            try (Outcomes outcomes = Outcomes.fromBeginning(kafka)) {
                for (int i = 0; i < jobs; i++) {
                    submission.expect("job-" + i);
                }
                feeder.start();
                makeChaos(broker, data, port, pool, seconds, outcomes, submission);
                feeder.join(TimeUnit.MINUTES.toMillis(5));
                assertThat(fed.get()).isEqualTo(jobs);
                awaitEveryOutcome(outcomes, submission);
                // a last look for late duplicates
                for (int i = 0; i < 10; i++) {
                    outcomes.poll(Duration.ofMillis(300), submission::accept, submission::accept);
                }
            }
            log.info("chaos: {} jobs, {} results, {} dead letters, {} duplicates", jobs, submission.resultCount(),
                    submission.deadLetterCount(), submission.duplicates());

            AuditReport audit = Audit.run(kafka, 10, progress -> { });
            log.info("chaos audit: {}", audit);
            assertThat(audit.missing().count()).as("kpool audit: missing").isZero();
            assertThat(audit.duplicated().count()).as("kpool audit: duplicated").isZero();
            assertThat(audit.submitted()).isEqualTo(jobs);
            assertThat(submission.duplicates()).as("jobs done twice").isZero();
            assertThat(submission.pendingCount()).as("jobs lost").isZero();
            assertThat(submission.deadLetters().keySet()).as("dead letters are the poison jobs, each once")
                    .containsExactlyInAnyOrderElementsOf(poison);
            assertThat(submission.deadLetters().values()).extracting(DeadLetter::reason).containsOnly("crashed_worker");
            assertThat(submission.resultCount()).isEqualTo(jobs - poison.size());
            for (Map.Entry<String, Result> e : submission.results().entrySet()) {
                long n = Long.parseLong(e.getKey().substring(4));
                assertThat(e.getValue().output().longValue()).as(e.getKey()).isEqualTo(2 * n);
            }
        } finally {
            if (up != null) {
                stop(up);
            }
            broker[0].close();
        }
    }

    /**
     * Reads outcomes until every job has one. Poison jobs settle one crash and restart at a time,
     * which on a loaded machine takes minutes: this fails only when no outcome came for
     * {@link #STALL} (a job lost stays lost), or after {@link #AT_MOST} in all.
     */
    private static void awaitEveryOutcome(Outcomes outcomes, Submission submission) {
        long started = System.nanoTime();
        long progressAt = started;
        int pending = submission.pendingCount();
        while (!submission.complete()) {
            outcomes.poll(Duration.ofMillis(500), submission::accept, submission::accept);
            long now = System.nanoTime();
            if (submission.pendingCount() < pending) {
                pending = submission.pendingCount();
                progressAt = now;
            }
            if (now - progressAt > STALL.toNanos() || now - started > AT_MOST.toNanos()) {
                List<String> examples = submission.pendingIds().stream().sorted().limit(20).toList();
                log.error("chaos: {} jobs without an outcome, e.g. {}", pending, examples);
                throw new AssertionError(pending + " jobs without an outcome after " + (now - started) / 1_000_000_000L
                        + " s (the last outcome came " + (now - progressAt) / 1_000_000_000L + " s ago), e.g. " + examples);
            }
        }
    }

    private Process startUp(KafkaSettings kafka) throws IOException {
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of("up", "--bootstrap", kafka.bootstrap(), "--prefix", kafka.topics().prefix(),
                "--workers", "4", "--data-dir", dir.resolve("up").toString(), "--max-restarts", "100000",
                "--within", "60s", "--heartbeat-timeout", "3s",
                // A poison job crashes its worker several times in a row, and each crash in a row
                // doubles the restart wait: capped at 1 s the poison is settled in seconds, not minutes.
                "--backoff", "100ms,1s", "--http-port", "0"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("up.out").toFile()).start();
    }

    /** Submits the jobs evenly over {@code seconds}; every {@code poisonEvery}-th is poison (-1). */
    private static void feed(KafkaSettings kafka, int jobs, int seconds, int poisonEvery, AtomicInteger fed,
                             AtomicBoolean feeding) {
        try (JobSubmitter submitter = new JobSubmitter(kafka)) {
            long start = System.nanoTime();
            for (int i = 0; i < jobs && feeding.get(); i++) {
                long due = start + (long) i * seconds * 1_000_000_000L / jobs;
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                submitter.submit(new Job("job-" + i, IntNode.valueOf(i % poisonEvery == 0 ? -1 : i)));
                fed.incrementAndGet();
            }
            submitter.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * About every second SIGKILLs a random live worker; at 20% of the time SIGKILLs the dispatcher,
     * at 40% the supervisor, at 60% stops the broker and starts it again on the same data. Goes on
     * past {@code seconds} (up to four times as long) until {@code seconds / 2} workers were killed:
     * on a loaded machine the restarted supervisor's workers take a while to come back.
     */
    private void makeChaos(EmbeddedKafka[] broker, Path data, int port, Process up, int seconds,
                           Outcomes outcomes, Submission submission) throws Exception {
        long start = System.nanoTime();
        boolean dispatcherKilled = false;
        boolean supervisorKilled = false;
        boolean brokerRestarted = false;
        int kills = 0;
        long nextKill = System.nanoTime();
        int enoughKills = seconds / 2;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)
                || kills < enoughKills && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4L * seconds)) {
            double done = (System.nanoTime() - start) / (seconds * 1e9);
            outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
            if (!dispatcherKilled && done > 0.2) {
                dispatcherKilled = killRole(up, "dispatcher");
            } else if (!supervisorKilled && done > 0.4) {
                supervisorKilled = killRole(up, "supervisor");
            } else if (!brokerRestarted && done > 0.6) {
                log.info("chaos: stopping the broker");
                broker[0].close();
                broker[0] = EmbeddedKafka.start(port, data);
                log.info("chaos: broker started again");
                brokerRestarted = true;
            } else if (System.nanoTime() >= nextKill) {
                kills += killRandomWorker(up) ? 1 : 0;
                nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700 + random.nextInt(600));
            }
        }
        log.info("chaos: {} workers killed; dispatcher {}, supervisor {}, broker {}", kills, dispatcherKilled,
                supervisorKilled, brokerRestarted);
        assertThat(dispatcherKilled && supervisorKilled && brokerRestarted).as("all the chaos happened").isTrue();
        assertThat(kills).as("workers killed").isGreaterThanOrEqualTo(enoughKills);
    }

    /** SIGKILLs one of the worker processes under kpool up, at random. */
    private boolean killRandomWorker(Process up) {
        List<ProcessHandle> workers = up.toHandle().descendants()
                .filter(p -> {
                    String line = commandLine(p.pid());
                    return line.contains("io.kpool.cli.Kpool worker ") && line.contains("--slot ")
                            && !line.contains("--evacuate");
                }).toList();
        if (workers.isEmpty()) {
            return false;
        }
        return workers.get(random.nextInt(workers.size())).destroyForcibly();
    }

    /** SIGKILLs the child of kpool up that runs {@code role}. */
    private static boolean killRole(Process up, String role) {
        for (ProcessHandle child : up.toHandle().children().toList()) {
            if (commandLine(child.pid()).contains("io.kpool.cli.Kpool " + role + " ")) {
                log.info("chaos: killing the {} (pid {})", role, child.pid());
                return child.destroyForcibly();
            }
        }
        return false;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static void stop(Process up) throws InterruptedException {
        List<ProcessHandle> family = up.toHandle().descendants().toList();
        up.destroy();
        if (!up.waitFor(60, TimeUnit.SECONDS)) {
            up.destroyForcibly();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
