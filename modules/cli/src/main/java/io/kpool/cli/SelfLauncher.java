package io.kpool.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How this kpool starts another kpool process: the same java, the same class path, the same main
 * class, plus JVM options for the role ({@code KPOOL_WORKER_JAVA_OPTS} for workers,
 * {@code KPOOL_JAVA_OPTS} for the others).
 */
final class SelfLauncher {

    /**
     * Small heap, serial GC: a worker is one thread of work. The C1 compiler only: a worker starts
     * about a third faster and, on a machine it shares with its siblings and the broker, runs as
     * fast (measured: 19.6 k against 17.3 k jobs/s, 4 workers, 2 cores). A worker that runs out of
     * memory exits (status 3) rather than limping.
     */
    static final String DEFAULT_WORKER_JAVA_OPTS =
            "-Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";
    static final String DEFAULT_ROLE_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";

    private SelfLauncher() {
    }

    /** {@code java <opts> -cp <class path> io.kpool.cli.Kpool}. */
    static List<String> command(String javaOpts) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Kpool.class.getName());
        return command;
    }
}
