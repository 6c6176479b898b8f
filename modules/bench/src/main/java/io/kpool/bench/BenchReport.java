package io.kpool.bench;

import io.kpool.bench.peer.PeerResult;
import java.util.List;

/**
 * One bench run's figures, as written to {@code bench.json}; {@code bench.md} and {@code bench.svg}
 * show the same.
 *
 * @param machine   what it ran on
 * @param startedAt when (ISO-8601)
 * @param quick     whether it was the short smoke run
 * @param ceiling   raw Kafka on the same broker
 * @param kpool     kpool end to end by number of workers
 * @param latency   kpool's submit-to-result latency at a steady rate (4 workers)
 * @param peer      the plain consumer-group pool
 * @param failover  kpool's recovery from a worker's SIGKILL
 * @param memory    resident memory of each process, in MiB
 * @param scenarios the side-by-side scenarios (skewed job times, poison jobs): kpool and the plain pool on the
 *                  same jobs
 * @param ratios    each kpool figure with a plain-pool peer in this run, divided by the peer's
 */
public record BenchReport(String machine, String startedAt, boolean quick, CeilingFigures ceiling,
                          List<Throughput> kpool, Latency latency, PeerResult peer, FailoverFigures failover,
                          Memory memory, List<ScenarioResult> scenarios, List<Ratio> ratios) {

    public BenchReport {
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
        ratios = ratios == null ? List.of() : List.copyOf(ratios);
    }

    /** The ratio of that id, if this run has it. */
    java.util.Optional<Ratio> ratio(String id) {
        return ratios.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * @param hopPerSecond           records a second, producer to consumer
     * @param transactionalPerSecond records a second through a transactional read-process-write loop
     * @param commit                 a dispatcher's transaction, committed the three ways it could be
     */
    public record CeilingFigures(double hopPerSecond, double transactionalPerSecond, CommitFigures commit) {
    }

    /**
     * A transaction of {@value CommitPaths#RECORDS} tasks from {@value CommitPaths#PARTITIONS} jobs
     * partitions, from its begin to its commit's return, in ms (see {@link CommitPaths}).
     *
     * @param offsets      one producer, the job offsets by {@code sendOffsetsToTransaction} (kpool's dispatcher)
     * @param positions    one producer, the positions as records of the transaction: unfenced, the floor
     * @param perPartition a producer per jobs partition, fenced by its transactional id, all committed at once
     */
    public record CommitFigures(Percentiles offsets, Percentiles positions, Percentiles perPartition) {
    }

    /**
     * @param workers       worker processes
     * @param jobs          jobs submitted at once
     * @param jobsPerSecond from the first job submitted to the last result read
     */
    public record Throughput(int workers, int jobs, double jobsPerSecond) {
    }

    /**
     * @param rate    jobs submitted a second
     * @param seconds for how long
     * @param ms      submit-to-result latency percentiles
     * @param stages  where that time goes
     */
    public record Latency(int rate, int seconds, Percentiles ms, Stages stages) {
    }

    /**
     * A job's latency split at the dispatcher's send of its task and the worker's result (the
     * processes share the host's clock; millisecond resolution).
     *
     * @param toDispatch submit to the task sent: the job's produce, the dispatcher's fetch and poll
     * @param toResult   task sent to result made: the dispatcher's commit, the worker's fetch, the handler
     * @param toReader   result made to result read: the worker's commit, the submitter's fetch
     */
    public record Stages(Percentiles toDispatch, Percentiles toResult, Percentiles toReader) {
    }

    /**
     * @param cold      with no spare: a new JVM starts
     * @param withSpare with {@code --spares 1}, or null when not measured
     */
    public record FailoverFigures(Failover.Figures cold, Failover.Figures withSpare) {
    }

    /**
     * @param brokerMib     the Kafka broker
     * @param dispatcherMib the dispatcher
     * @param supervisorMib the supervisor
     * @param workersMib    each worker
     */
    public record Memory(double brokerMib, double dispatcherMib, double supervisorMib, List<Double> workersMib) {
    }
}
