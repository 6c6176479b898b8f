package io.kpool.cli;

import io.kpool.client.DeadLetterReader;
import io.kpool.client.DeadLetterSelection;
import io.kpool.protocol.Json;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool dead-letters}: the pool's dead letters with their evidence, read to the current end. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"List the pool's dead letters (<prefix>.dead-letters) with their evidence: reason, detail, "
                + "the raw input, where it was read from (topic-partition@offset), when, and for a job that crashed "
                + "its worker each crash (incarnation, pid, exit code or signal) and the last lines the worker "
                + "wrote. Reads from the beginning to the topic's current end, then exits.",
                "",
                "Each dead letter is named by its own position, <prefix>.dead-letters-P@O. kpool replay "
                        + "re-submits dead letters once their cause is fixed."},
        footer = {"", "Examples:", "  kpool dead-letters", "  kpool dead-letters --reason crashed_worker",
                "  kpool dead-letters --id 0761cb8d-3 --json | jq .letter.evidence"})
final class DeadLettersCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--reason", paramLabel = "REASON", completionCandidates = DeadLetterReasons.class,
            description = "Only dead letters of this reason, one of: ${COMPLETION-CANDIDATES} (default: all).")
    String reason;

    @Option(names = "--id", paramLabel = "ID", split = ",",
            description = "Only dead letters of these job ids (repeat, or comma-separated; default: all).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per line: {\"topic\", \"partition\", \"offset\", "
            + "\"letter\": {the dead letter as on the wire}}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DeadLetterSelection selection = selection();
        KafkaSettings settings = kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeadLetterFormat format = new DeadLetterFormat(ZoneId.systemDefault());
        Map<String, Long> byReason = new TreeMap<>();
        DeadLetterReader.Tally tally = DeadLetterReader.read(settings, selection, record -> {
            if (json) {
                out.println(Json.text(record));
            } else {
                out.println(format.block(record));
                byReason.merge(String.valueOf(record.letter().reason()), 1L, Long::sum);
            }
            out.flush();
        }, progress -> {
            err.printf(Locale.ROOT, "  reading: %d%% (%,d records in %d s)%n", progress.percent(), progress.records(),
                    progress.elapsed().toSeconds());
            err.flush();
        });
        if (!json) {
            out.println(summary(tally, byReason, settings.topics().deadLetters(), selection));
        }
        if (tally.unreadable() > 0) {
            err.printf(Locale.ROOT, "%,d records on %s are not dead letters (not their JSON, or null) and were "
                    + "skipped%n", tally.unreadable(), settings.topics().deadLetters());
        }
        out.flush();
        err.flush();
        return 0;
    }

    private DeadLetterSelection selection() {
        DeadLetterSelection selection = ids.isEmpty() ? DeadLetterSelection.all() : DeadLetterSelection.ofIds(ids);
        return reason == null ? selection : selection.withReason("--reason", reason);
    }

    /** {@code 2 of 5 dead letters on kpool.dead-letters (crashed_worker: 2)}. */
    static String summary(DeadLetterReader.Tally tally, Map<String, Long> byReason, String topic,
                          DeadLetterSelection selection) {
        boolean all = selection.ids().isEmpty() && selection.reason() == null;
        String count = all ? String.format(Locale.ROOT, "%,d dead letters", tally.taken())
                : String.format(Locale.ROOT, "%,d of %,d dead letters", tally.taken(), tally.read());
        String reasons = byReason.isEmpty() ? "" : " (" + byReason.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")";
        return count + " on " + topic + reasons;
    }
}
