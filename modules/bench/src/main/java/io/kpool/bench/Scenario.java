package io.kpool.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.core.dispatch.LeastBusy;
import io.kpool.core.handler.Doubler;
import io.kpool.core.handler.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One side-by-side scenario: the same jobs, run on kpool and on the plain consumer-group pool (as many
 * members as kpool has workers, each running the same handler), each side on a fresh pool and fresh
 * topics; {@link ScenarioRun} runs both and reports each side's latency and completion. A new scenario
 * is a new factory here and one line in {@link BenchRun}.
 *
 * @param name           a short name, also in bench.json ({@code skewed}, {@code poison})
 * @param description    what it is, for bench.md
 * @param handler        the handler every job names ({@code sleep}, {@code double})
 * @param payloads       the jobs' payloads, in the order they are submitted
 * @param poison         the positions of jobs the handler crashes on: they are not expected to succeed
 * @param workers        kpool's workers, and the plain pool's members (one input partition each)
 * @param supervisorArgs kpool's supervisor (and so its workers') options
 * @param dispatcherArgs kpool's dispatcher options
 * @param memberArgs     the plain pool's member options ({@code --handler} is added)
 * @param rate           jobs submitted a second, or 0 for all at once
 * @param deadline       from the first job submitted: what is not done by then is reported as not done
 * @param compare        what the ratio kpool ÷ plain pool is taken of
 */
public record Scenario(String name, String description, String handler, List<JsonNode> payloads, BitSet poison,
                       int workers, List<String> supervisorArgs, List<String> dispatcherArgs, List<String> memberArgs,
                       int rate, Duration deadline, Compare compare) {

    /** The figure a scenario compares kpool and the plain pool on. */
    public enum Compare {
        /** The p99 submit-to-result latency of the good jobs (lower is better). */
        LATENCY_P99,
        /** The time from the first job submitted until every good job has its result (lower is better). */
        DONE
    }

    public Scenario {
        payloads = List.copyOf(payloads);
        poison = (BitSet) poison.clone();
        supervisorArgs = List.copyOf(supervisorArgs);
        dispatcherArgs = List.copyOf(dispatcherArgs);
        memberArgs = List.copyOf(memberArgs);
    }

    int jobs() {
        return payloads.size();
    }

    int goodJobs() {
        return jobs() - poison.cardinality();
    }

    /**
     * What each side runs first, unmeasured, so that neither is measured cold: 50 jobs a worker (at most
     * the scenario's count) of the scenario's first good payload, all at once.
     */
    Scenario warmUp() {
        int first = poison.nextClearBit(0);
        List<JsonNode> warm = java.util.Collections.nCopies(Math.min(jobs(), 50 * workers), payloads.get(first));
        return new Scenario(name + "-warm-up", "warm-up", handler, warm, new BitSet(), workers, supervisorArgs,
                dispatcherArgs, memberArgs, 0, Duration.ofSeconds(60), compare);
    }

    /** The plain pool member's options: {@code --handler} and {@link #memberArgs}. */
    List<String> allMemberArgs() {
        List<String> args = new ArrayList<>(List.of("--handler", handler));
        args.addAll(memberArgs);
        return args;
    }

    /**
     * Skewed job times: 99 % of the jobs sleep 1 ms, 1 % (every hundredth) 200 ms, submitted at a steady
     * rate both pools sustain (200 jobs/s for 20 s; --quick: 100 jobs/s for 2 s, 2 workers), kpool with
     * least-busy dispatch. A long job holds up the jobs queued behind it on its partition in the plain
     * pool; least-busy sends the next jobs to the other workers.
     */
    public static Scenario skewed(boolean quick) {
        int rate = quick ? 100 : 200;
        int seconds = quick ? 2 : 20;
        int workers = quick ? 2 : 4;
        List<JsonNode> payloads = new ArrayList<>();
        for (int i = 0; i < rate * seconds; i++) {
            payloads.add(IntNode.valueOf(i % 100 == 50 ? 200 : 1));
        }
        return new Scenario("skewed", String.format(Locale.ROOT, "skewed: 99 %% of jobs 1 ms, 1 %% 200 ms (sleep), %d jobs/s "
                        + "for %d s, %d workers", rate, seconds, workers), Sleeper.NAME, payloads, new BitSet(), workers,
                List.of(), List.of("--dispatch", LeastBusy.NAME), List.of(), rate, Duration.ofSeconds(seconds + 40L),
                Compare.LATENCY_P99);
    }

    /**
     * Poison: one job in 10,000 crashes the handler ({@code double} of -1), 20,000 jobs submitted at once
     * with 2 poison ones (--quick: 1,000 jobs, 1 poison, 2 workers); the time until every good job has its
     * result. kpool's supervisor dead-letters a poison job after {@code --max-attempts} (3) crashes; the
     * plain pool's member crashes on it, is restarted, is given the partition again and crashes again,
     * until the deadline (60 s; --quick 10 s).
     */
    public static Scenario poison(boolean quick) {
        int jobs = quick ? 1_000 : 20_000;
        int workers = quick ? 2 : 4;
        List<JsonNode> payloads = new ArrayList<>();
        BitSet poison = new BitSet(jobs);
        for (int i = 0; i < jobs; i++) {
            boolean bad = quick ? i == jobs / 2 : i % 10_000 == 5_000;
            poison.set(i, bad);
            payloads.add(IntNode.valueOf(bad ? -1 : i % 1000));
        }
        Duration deadline = Duration.ofSeconds(quick ? 10 : 60);
        return new Scenario("poison", String.format(Locale.ROOT, "poison: %,d jobs (double) at once, %d of them poison "
                        + "(-1), %d workers", jobs, poison.cardinality(), workers), Doubler.NAME, payloads, poison,
                workers, List.of(), List.of(), List.of(), 0, deadline, Compare.DONE);
    }

    /**
     * I/O-bound jobs: each waits 50 ms (the {@code sleep} handler standing in for a call to another
     * service), 4,000 submitted at once on 4 workers (--quick: 200 on 2), kpool's workers running 25 jobs
     * at once ({@code --concurrency 25}; --quick 10); the plain pool's members run one at a time, as a
     * consumer loop does. The time until every job has its result.
     */
    public static Scenario ioBound(boolean quick) {
        int jobs = quick ? 200 : 4_000;
        int workers = quick ? 2 : 4;
        int concurrency = quick ? 10 : 25;
        List<JsonNode> payloads = java.util.Collections.nCopies(jobs, IntNode.valueOf(50));
        return new Scenario("io-bound", String.format(Locale.ROOT, "I/O-bound: %,d jobs of 50 ms (sleep) at once, %d "
                        + "workers, kpool with --concurrency %d", jobs, workers, concurrency), Sleeper.NAME, payloads,
                new BitSet(), workers, List.of("--concurrency", String.valueOf(concurrency)), List.of(), List.of(), 0,
                Duration.ofSeconds(quick ? 20 : 70), Compare.DONE);
    }
}
