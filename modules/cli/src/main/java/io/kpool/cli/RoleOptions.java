package io.kpool.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a long-running role process fits into what runs it: shared by {@code dispatcher} and {@code supervisor}. */
final class RoleOptions {

    @Option(names = "--parent-pid", paramLabel = "PID", defaultValue = "0",
            description = "Exit when this process exits (kpool up passes its own pid).")
    long parentPid;

    @Option(names = "--health-file", paramLabel = "FILE",
            description = "Touch FILE every second while the role's loop runs, for liveness probes.")
    Path healthFile;
}
