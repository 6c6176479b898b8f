package io.kpool.bench;

import io.kpool.bench.peer.PeerPool;
import io.kpool.bench.peer.PeerResult;
import io.kpool.client.WorkerRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The whole bench, in one run on one broker: the ceiling, kpool with 1, 2 and 4 workers, its latency
 * at a steady rate, its failover (cold and with a spare), memory, the plain consumer-group pool, and the
 * side-by-side {@link Scenario}s (skewed job times, poison jobs) on kpool and on the plain pool.
 * {@code quick}: small counts, no spare and no plain-pool failover (those take minutes).
 */
public final class BenchRun {

    private BenchRun() {
    }

    /**
     * @param brokerPid the broker's process id, for its memory, or -1 when it is not a local process
     * @param progress  told what is being measured, as it goes
     */
    public static BenchReport run(BenchEnvironment env, long brokerPid, Consumer<String> told) throws Exception {
        boolean quick = env.quick();
        long begun = System.nanoTime();
        Consumer<String> progress = step -> told.accept(String.format(Locale.ROOT, "[%3d s] %s",
                Duration.ofNanos(System.nanoTime() - begun).toSeconds(), step));
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        progress.accept("ceiling: raw Kafka on this broker");
        BenchReport.CeilingFigures ceiling = new BenchReport.CeilingFigures(
                Ceiling.hop(env, quick ? 50_000 : 1_000_000), Ceiling.transactionalLoop(env, quick ? 5_000 : 100_000),
                CommitPaths.measure(env, quick ? 30 : 300));

        List<BenchReport.Throughput> kpool = new ArrayList<>();
        BenchReport.Latency latency = null;
        BenchReport.Memory memory = null;
        Failover.Figures cold = null;
        int jobs = quick ? 3_000 : 100_000;
        for (int workers : quick ? new int[] {1, 4} : new int[] {1, 2, 4}) {
            progress.accept("kpool: " + workers + " worker(s), " + jobs + " jobs");
            try (BenchPool pool = BenchPool.start(env, workers, List.of())) {
                KpoolRuns.throughput(pool, Math.min(jobs, 2_000));
                kpool.add(new BenchReport.Throughput(workers, jobs, KpoolRuns.throughput(pool, jobs)));
                if (workers == 4) {
                    int rate = quick ? 200 : 1_000;
                    int seconds = quick ? 2 : 10;
                    progress.accept("kpool: latency at " + rate + " jobs/s for " + seconds + " s");
                    latency = KpoolRuns.latency(pool.kafka(), rate, seconds);
                    memory = memory(pool, brokerPid);
                    progress.accept("kpool: failover, cold");
                    cold = Failover.measure(pool.kafka(), 1, quick ? 1 : 3, quick ? 100 : 1_000, f -> { });
                }
            }
        }
        Failover.Figures spare = null;
        if (!quick) {
            progress.accept("kpool: failover with a spare");
            try (BenchPool pool = BenchPool.start(env, 4, List.of("--spares", "1"))) {
                awaitSpare(env, pool);
                spare = Failover.measure(pool.kafka(), 1, 3, 1_000, f -> { });
            }
        }
        progress.accept("the plain consumer-group pool" + (quick ? "" : ", with its failover (minutes)"));
        PeerResult peer = PeerPool.run(env, quick ? 2 : 4, jobs, !quick);
        List<ScenarioResult> scenarios = new ArrayList<>();
        for (Scenario scenario : List.of(Scenario.skewed(quick), Scenario.poison(quick), Scenario.ioBound(quick))) {
            progress.accept("scenario " + scenario.description() + ": kpool, then the plain pool");
            scenarios.add(ScenarioRun.run(env, scenario));
        }
        progress.accept("done");
        BenchReport.FailoverFigures failover = new BenchReport.FailoverFigures(cold, spare);
        return new BenchReport(machine(), started, quick, ceiling, kpool, latency, peer, failover, memory, scenarios,
                Ratios.of(kpool, peer, failover, scenarios));
    }

    private static BenchReport.Memory memory(BenchPool pool, long brokerPid) {
        List<Double> workers = new ArrayList<>();
        for (WorkerRow row : pool.workers()) {
            if (row.pid() != null) {
                workers.add(mib(Rss.of(row.pid())));
            }
        }
        return new BenchReport.Memory(brokerPid > 0 ? mib(Rss.of(brokerPid)) : Double.NaN, mib(Rss.of(pool.dispatcherPid())),
                mib(Rss.of(pool.supervisorPid())), workers);
    }

    private static double mib(long bytes) {
        return bytes < 0 ? Double.NaN : Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    /** Waits (at most a minute) until the pool's spare says it is warm. */
    private static void awaitSpare(BenchEnvironment env, BenchPool pool) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.walk(env.workDir())) {
                boolean warm = files.filter(p -> p.getFileName().toString().startsWith("spare-"))
                        .anyMatch(BenchRun::saysWarm);
                if (warm) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }

    private static boolean saysWarm(Path log) {
        try {
            return Files.readString(log).contains("warm in");
        } catch (IOException e) {
            return false;
        }
    }

    static String machine() {
        long memory = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        return String.format(Locale.ROOT, "%d cores%s, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                memory > 0 ? ", " + memory + " GiB" : "", System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }
}
