package io.kpool.cli;

import io.kpool.client.DeadLetterSelection;
import io.kpool.client.ReplayDecision;
import io.kpool.client.Replayer;
import io.kpool.core.config.ConfigException;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool replay}: re-submits chosen dead letters as new attempts of their jobs. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-submit dead letters to <prefix>.jobs once their cause is fixed (the handler mended, a "
                + "missing handler deployed, a limit raised), each as a new attempt of its job.",
                "",
                "Choose them with --id, --reason or --all. Each replay is the job as the dead letter kept it (id, "
                        + "payload, handler; for crashed_worker, from the task the worker ran) with an \"attempt\" "
                        + "one above the last, so the dispatcher does not turn it away as a duplicate id, and a "
                        + "\"replayOf\" naming the dead letter (<prefix>.dead-letters-P@O). kpool audit then counts "
                        + "the replay's outcome in place of that dead letter: still exactly one per job.",
                "",
                "Not replayed: a dead letter a replay on the jobs topic names already (if that replay failed "
                        + "again, its new dead letter is the one to replay); duplicate_id (its job ran under its "
                        + "first record); input that is not a job as it stands (not JSON, no id, no payload, ...). "
                        + "Each is listed with the reason.",
                "",
                "It reads the jobs topic to find the replays written before: on a secured Kafka, run it as the "
                        + "operator, as kpool audit.",
                "",
                "Exit status: 0 when it ran (dead letters that cannot be replayed are listed, not a failure); 1 "
                        + "when an --id names no dead letter, or Kafka cannot be read or written; 2 for a bad flag."},
        footer = {"", "Examples:", "  kpool replay --reason crashed_worker --dry-run",
                "  kpool replay --id 0761cb8d-3", "  kpool replay --all"})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--id", paramLabel = "ID", split = ",",
            description = "Replay the dead letters of these job ids (repeat, or comma-separated).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "REASON", completionCandidates = DeadLetterReasons.class,
            description = "Replay the dead letters of this reason, one of: ${COMPLETION-CANDIDATES}.")
    String reason;

    @Option(names = "--all", description = "Replay every dead letter that can be replayed.")
    boolean all;

    @Option(names = "--dry-run", description = "Say what would be replayed; write nothing.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DeadLetterSelection selection = selection();
        KafkaSettings settings = kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ReplayDecision> decisions = Replayer.plan(settings, selection, progress -> {
            err.printf(Locale.ROOT, "  reading: %d%% (%,d records in %d s)%n", progress.percent(), progress.records(),
                    progress.elapsed().toSeconds());
            err.flush();
        });
        if (!dryRun) {
            Replayer.write(settings, decisions);
        }
        decisions.forEach(d -> out.println(line(d, dryRun)));
        out.println(summary(decisions, dryRun, settings.topics().deadLetters()));
        out.flush();
        Set<String> unknown = new LinkedHashSet<>(ids);
        decisions.forEach(d -> unknown.remove(d.letter().letter().jobId()));
        if (!unknown.isEmpty()) {
            err.println("kpool replay: no dead letter on " + settings.topics().deadLetters() + " for job id"
                    + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown));
            err.flush();
            return Kpool.FAILURE;
        }
        return 0;
    }

    /** Exactly one way of choosing, checked before Kafka is asked. */
    private DeadLetterSelection selection() {
        int ways = (ids.isEmpty() ? 0 : 1) + (reason == null ? 0 : 1) + (all ? 1 : 0);
        if (ways != 1) {
            throw new ConfigException("replay", "needs exactly one of --id ID..., --reason REASON or --all, but was "
                    + (ways == 0 ? "given none" : "given " + ways));
        }
        if (all) {
            return DeadLetterSelection.all();
        }
        return reason != null ? DeadLetterSelection.ofReason("--reason", reason) : DeadLetterSelection.ofIds(ids);
    }

    /** {@code replayed        kpool.dead-letters-0@3  crashed_worker  job j1 as attempt 2 to kpool.jobs}. */
    static String line(ReplayDecision d, boolean dryRun) {
        String action = switch (d.action()) {
            case REPLAY -> dryRun ? "would replay" : "replayed";
            case ALREADY_REPLAYED -> "skipped";
            case NOT_REPLAYABLE -> "not replayable";
        };
        return String.format("%-14s  %s  %s  %s", action, d.letter().position(), d.letter().letter().reason(),
                d.detail());
    }

    /** {@code replayed 1 of 3 dead letters chosen (1 already replayed, 1 not replayable)}. */
    static String summary(List<ReplayDecision> decisions, boolean dryRun, String topic) {
        if (decisions.isEmpty()) {
            return "no dead letter on " + topic + " was chosen";
        }
        long replayed = decisions.stream().filter(d -> d.action() == ReplayDecision.Action.REPLAY).count();
        long already = decisions.stream().filter(d -> d.action() == ReplayDecision.Action.ALREADY_REPLAYED).count();
        long refused = decisions.stream().filter(d -> d.action() == ReplayDecision.Action.NOT_REPLAYABLE).count();
        List<String> rest = new ArrayList<>();
        if (already > 0) {
            rest.add(already + " already replayed");
        }
        if (refused > 0) {
            rest.add(refused + " not replayable");
        }
        return String.format(Locale.ROOT, "%s %d of %d dead letters chosen%s%s", dryRun ? "would replay" : "replayed",
                replayed, decisions.size(), rest.isEmpty() ? "" : " (" + String.join(", ", rest) + ")",
                dryRun ? "; --dry-run: nothing written" : "");
    }
}
