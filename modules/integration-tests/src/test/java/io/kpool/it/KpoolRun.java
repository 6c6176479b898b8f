package io.kpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.cli.Kpool;
import io.kpool.protocol.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * What {@code kpool <args>} printed and exited with.
 *
 * @param status its exit status
 * @param out    what it printed on standard output
 * @param err    what it printed on standard error
 */
record KpoolRun(int status, String out, String err) {

    /** Each line of standard output, as JSON. */
    List<JsonNode> jsonLines() {
        return out.lines().filter(l -> !l.isBlank()).map(l -> Json.tree(l.getBytes(StandardCharsets.UTF_8))).toList();
    }

    /**
     * Runs {@code kpool <args>} on the pool's topics in this JVM, as {@code main} would (its exit
     * status is what {@code main} exits with), sparing a JVM start per command.
     */
    static KpoolRun on(TestPool pool, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--bootstrap", pool.kafka().bootstrap(), "--prefix", pool.kafka().topics().prefix()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Kpool.commandLine(Map.of());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        long started = System.nanoTime();
        int status = cli.execute(line.toArray(String[]::new));
        System.out.printf("kpool %s: exit %d in %d ms%n%s%s", String.join(" ", args), status,
                (System.nanoTime() - started) / 1_000_000, out, err);
        return new KpoolRun(status, out.toString(), err.toString());
    }
}
