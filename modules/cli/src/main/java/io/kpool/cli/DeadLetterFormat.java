package io.kpool.cli;

import io.kpool.client.DeadLetterRecord;
import io.kpool.protocol.DeadLetter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Dead letters for a person: one block each, with the evidence a dead letter carries. */
final class DeadLetterFormat {

    /** Raw values longer than this are cut in the text (the JSON has them whole). */
    static final int RAW_WIDTH = 200;

    private static final String NL = System.lineSeparator();
    private static final String INDENT = "           ";

    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter time;

    /** @param zone the time zone the times are shown in */
    DeadLetterFormat(ZoneId zone) {
        this.dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(zone);
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(zone);
    }

    /**
     * A dead letter as a block of lines: where it lies, its reason, job and time; then its detail,
     * the origin of the input, the raw input and, for a job that crashed its worker, each crash and
     * the last lines the last crashed process wrote.
     */
    String block(DeadLetterRecord record) {
        DeadLetter d = record.letter();
        StringBuilder text = new StringBuilder();
        text.append(record.position()).append("  ").append(d.reason() == null ? "(no reason)" : d.reason())
                .append("  ").append(d.jobId() == null ? "(no job id)" : "job " + d.jobId())
                .append("  ").append(dateTime.format(Instant.ofEpochMilli(d.at()))).append(NL);
        field(text, "detail", d.detail() == null ? "-" : d.detail());
        field(text, "origin", d.origin() == null ? "-"
                : d.origin().topic() + "-" + d.origin().partition() + "@" + d.origin().offset());
        field(text, "raw", raw(d));
        DeadLetter.Evidence evidence = d.evidence();
        if (evidence != null && evidence.crashes() != null && !evidence.crashes().isEmpty()) {
            List<DeadLetter.Crash> crashes = evidence.crashes();
            field(text, "crashes", "worker " + evidence.workerId() + ", " + crashes.size()
                    + (crashes.size() == 1 ? " crash" : " crashes") + ":");
            for (DeadLetter.Crash c : crashes) {
                text.append(INDENT).append(time.format(Instant.ofEpochMilli(c.at()))).append("  incarnation ")
                        .append(c.incarnation()).append(", pid ").append(c.pid()).append(", ")
                        .append(c.signal() != null ? "signal " + c.signal() : "exit " + c.exitCode()).append(NL);
            }
            DeadLetter.Crash last = crashes.get(crashes.size() - 1);
            if (last.stderrTail() != null && !last.stderrTail().isEmpty()) {
                field(text, "stderr", "the last lines incarnation " + last.incarnation() + " wrote:");
                for (String line : last.stderrTail()) {
                    text.append(INDENT).append("| ").append(line).append(NL);
                }
            }
        }
        return text.toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(String.format("  %-8s %s%n", name, value));
    }

    private static String raw(DeadLetter d) {
        if (d.raw() == null) {
            return "(none: a null value)";
        }
        String raw = d.raw().replace("\n", "\\n").replace("\r", "\\r");
        String shown = raw.length() > RAW_WIDTH
                ? raw.substring(0, RAW_WIDTH) + "... (" + raw.length() + " chars; --json has it whole)" : raw;
        return "base64".equals(d.rawEncoding()) ? shown + "   (Base64: not UTF-8)" : shown;
    }
}
