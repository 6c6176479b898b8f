package io.kpool.bench;

import io.kpool.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a {@link BenchReport} as {@code bench.json}, {@code bench.md} and {@code bench.svg}. */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** Writes the three files into {@code dir}; answers the Markdown. */
    public static String write(BenchReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(report));
        String markdown = markdown(report);
        Files.writeString(dir.resolve("bench.md"), markdown);
        Files.writeString(dir.resolve("bench.svg"), svg(report));
        return markdown;
    }

    static String markdown(BenchReport r) {
        StringBuilder md = new StringBuilder();
        md.append("kpool bench").append(r.quick() ? " --quick" : "").append(", ").append(r.startedAt())
                .append(", on ").append(r.machine()).append("\n\n");
        md.append("| what | figure | kpool ÷ plain pool |\n|---|---|---|\n");
        if (r.ceiling() != null) {
            row(md, "Kafka: producer → consumer", rate(r.ceiling().hopPerSecond()) + " records/s");
            row(md, "Kafka: transactional read-process-write loop (100 per transaction)",
                    rate(r.ceiling().transactionalPerSecond()) + " records/s");
            BenchReport.CommitFigures commit = r.ceiling().commit();
            if (commit != null) {
                String tx = "Kafka: a transaction of " + CommitPaths.RECORDS + " tasks from " + CommitPaths.PARTITIONS
                        + " jobs partitions, begin → committed, ";
                row(md, tx + "job offsets by sendOffsetsToTransaction (kpool's dispatcher)", commitStage(commit.offsets()));
                row(md, tx + "position records instead (nothing fences a zombie: the floor)", commitStage(commit.positions()));
                row(md, tx + "a producer per jobs partition, fenced by its transactional id, committed at once",
                        commitStage(commit.perPartition()));
            }
        }
        for (BenchReport.Throughput t : r.kpool()) {
            String ratio = r.ratio("throughput").filter(x -> x.what().contains("kpool with " + t.workers() + " workers"))
                    .map(ReportWriter::ratio).orElse("");
            row(md, "kpool, " + t.workers() + " worker" + (t.workers() == 1 ? "" : "s") + ", exactly-once, "
                    + String.format(Locale.ROOT, "%,d", t.jobs()) + " jobs", rate(t.jobsPerSecond()) + " jobs/s", ratio);
        }
        if (r.latency() != null) {
            Percentiles p = r.latency().ms();
            row(md, "kpool latency, submit → result, at " + r.latency().rate() + " jobs/s (" + p.count() + " jobs)",
                    String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms", p.p50(), p.p99(), p.p999()));
            BenchReport.Stages s = r.latency().stages();
            if (s != null) {
                row(md, "… submit → task sent (job produce, dispatcher fetch)", stage(s.toDispatch()));
                row(md, "… task sent → result made (dispatcher commit, worker fetch, handler)", stage(s.toResult()));
                row(md, "… result made → read (worker commit, fetch)", stage(s.toReader()));
            }
        }
        if (r.peer() != null) {
            row(md, "plain consumer-group pool, " + r.peer().members() + " members, transactions",
                    rate(r.peer().jobsPerSecond()) + " jobs/s");
            if (r.peer().failoverDefaultMs() != null) {
                row(md, "plain pool failover, SIGKILL a member, default settings",
                        seconds(r.peer().failoverDefaultMs()) + " until its partitions flow again");
            }
            if (r.peer().failoverStaticMs() != null) {
                row(md, "plain pool failover, static membership, member restarted",
                        seconds(r.peer().failoverStaticMs()) + " until its partitions flow again");
            }
        }
        if (r.failover() != null) {
            failover(md, "cold", r.failover().cold(), r.ratio("failover.cold"));
            failover(md, "with a spare", r.failover().withSpare(), r.ratio("failover.spare"));
        }
        for (ScenarioResult s : r.scenarios()) {
            scenario(md, s, r.ratio(s.name() + (s.compare() == Scenario.Compare.DONE ? ".done" : ".p99")));
        }
        if (r.memory() != null) {
            BenchReport.Memory m = r.memory();
            row(md, "memory (RSS)", String.format(Locale.ROOT, "broker %.0f MiB, dispatcher %.0f MiB, supervisor %.0f MiB, "
                    + "workers %s MiB", m.brokerMib(), m.dispatcherMib(), m.supervisorMib(), mib(m.workersMib())));
        }
        return md.toString();
    }

    private static void failover(StringBuilder md, String how, Failover.Figures f, java.util.Optional<Ratio> ratio) {
        if (f != null) {
            row(md, "kpool failover, " + how + " (median of " + f.rounds() + ")", "noticed " + f.noticedMs()
                    + " ms, restarted " + f.restartedMs() + " ms, first result " + f.firstResultMs() + " ms",
                    ratio.map(ReportWriter::ratio).orElse(""));
        }
    }

    private static void scenario(StringBuilder md, ScenarioResult s, java.util.Optional<Ratio> ratio) {
        String jobs = String.format(Locale.ROOT, "%,d jobs", s.jobs());
        String kpool = "kpool" + (s.kpoolOptions().isEmpty() ? "" : " (" + s.kpoolOptions() + ")");
        String plain = "the plain pool, " + s.workers() + " members, restarted when they end";
        if (s.compare() == Scenario.Compare.LATENCY_P99) {
            row(md, s.description() + ", " + jobs + ": " + kpool + ", submit → result", latency(s.kpool()),
                    ratio.map(ReportWriter::ratio).orElse(""));
            row(md, "… " + plain, latency(s.plain()));
        } else {
            row(md, s.description() + ": " + kpool + ", until every good job has its result", done(s, s.kpool()),
                    ratio.map(ReportWriter::ratio).orElse(""));
            row(md, "… " + plain, done(s, s.plain()));
        }
    }

    private static String latency(ScenarioResult.Side side) {
        if (!side.ready()) {
            return "did not come up";
        }
        Percentiles p = side.latency();
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (%,d results)", p.p50(), p.p99(),
                p.p999(), p.count());
    }

    private static String done(ScenarioResult s, ScenarioResult.Side side) {
        if (!side.ready()) {
            return "did not come up";
        }
        String extra = String.format(Locale.ROOT, "%d dead letter%s, %d restart%s", side.deadLetters(),
                side.deadLetters() == 1 ? "" : "s", side.restarts(), side.restarts() == 1 ? "" : "s");
        if (side.doneMs() != null) {
            return seconds(side.doneMs()) + " (" + extra + ")";
        }
        return String.format(Locale.ROOT, "not done in %s, %,d of %,d good results (%s)", seconds(s.deadlineMs()),
                side.goodResults(), s.goodJobs(), extra);
    }

    private static String ratio(Ratio r) {
        if (r.ratio() == null) {
            return Ratio.NONE.equals(r.bound()) ? "neither done by the deadline" : "";
        }
        String bound = switch (r.bound()) {
            case Ratio.AT_MOST -> "≤ ";
            case Ratio.AT_LEAST -> "≥ ";
            default -> "";
        };
        return bound + String.format(Locale.ROOT, "%.2f", r.ratio())
                + (r.lowerIsBetter() ? " (lower is better)" : " (higher is better)");
    }

    private static String stage(Percentiles p) {
        return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms", p.p50(), p.p99());
    }

    private static String commitStage(Percentiles p) {
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms", p.p50(), p.p99());
    }

    private static void row(StringBuilder md, String what, String figure) {
        row(md, what, figure, "");
    }

    private static void row(StringBuilder md, String what, String figure, String ratio) {
        md.append("| ").append(what).append(" | ").append(figure).append(" | ").append(ratio).append(" |\n");
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String mib(List<Double> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(String.format(Locale.ROOT, "%.0f", v)));
        return String.join(", ", out);
    }

    /** Two bar charts side by side: throughput (records or jobs a second) and latency percentiles. */
    static String svg(BenchReport r) {
        List<String[]> bars = new ArrayList<>();
        if (r.ceiling() != null) {
            bars.add(new String[] {"Kafka hop", String.valueOf(r.ceiling().hopPerSecond())});
            bars.add(new String[] {"Kafka txn loop", String.valueOf(r.ceiling().transactionalPerSecond())});
        }
        r.kpool().forEach(t -> bars.add(new String[] {"kpool " + t.workers() + "w", String.valueOf(t.jobsPerSecond())}));
        if (r.peer() != null) {
            bars.add(new String[] {"plain pool " + r.peer().members() + "m", String.valueOf(r.peer().jobsPerSecond())});
        }
        StringBuilder svg = new StringBuilder();
        int width = 900;
        int height = 360;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        chart(svg, "Throughput (per second, log scale)", bars, 20, 30, 520, 280, true);
        List<String[]> latency = new ArrayList<>();
        if (r.latency() != null && r.latency().ms().count() > 0) {
            Percentiles p = r.latency().ms();
            latency.add(new String[] {"p50", String.valueOf(p.p50())});
            latency.add(new String[] {"p99", String.valueOf(p.p99())});
            latency.add(new String[] {"p99.9", String.valueOf(p.p999())});
        }
        chart(svg, "kpool latency, ms" + (r.latency() == null ? "" : " at " + r.latency().rate() + " jobs/s"),
                latency, 580, 30, 300, 280, false);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void chart(StringBuilder svg, String title, List<String[]> bars, int x, int y, int w, int h,
                              boolean log) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x, y - 10,
                escape(title)));
        double max = bars.stream().mapToDouble(b -> value(b[1], log)).max().orElse(1);
        int plotH = h - 60;
        int slot = bars.isEmpty() ? w : w / bars.size();
        int barW = Math.max(8, slot - 14);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n",
                x, y + plotH, x + w, y + plotH));
        for (int i = 0; i < bars.size(); i++) {
            double v = Double.parseDouble(bars.get(i)[1]);
            double scaled = max <= 0 ? 0 : value(bars.get(i)[1], log) / max;
            int bh = (int) Math.round(scaled * (plotH - 20));
            int bx = x + i * slot + 7;
            int by = y + plotH - bh;
            String colour = bars.get(i)[0].startsWith("kpool") || bars.get(i)[0].startsWith("p") ? "#2b7bb9" : "#999";
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                    bx, by, barW, bh, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    bx + barW / 2, by - 4, label(v)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    bx + barW / 2, y + plotH + 16, escape(bars.get(i)[0])));
        }
    }

    private static double value(String text, boolean log) {
        double v = Double.parseDouble(text);
        return log ? Math.log10(Math.max(1, v)) : v;
    }

    private static String label(double v) {
        return v >= 10_000 ? String.format(Locale.ROOT, "%.0fk", v / 1000)
                : v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
