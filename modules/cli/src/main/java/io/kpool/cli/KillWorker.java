package io.kpool.cli;

import io.kpool.client.StatusReader;
import io.kpool.client.WorkerRow;
import io.kpool.core.config.ConfigException;
import io.kpool.core.supervision.Signal;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool kill}: fault injection for demos and tests. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = {"Send a signal to a worker's process, found by its slot: KILL (a crash), TERM (a drain: the "
                + "worker exits 0), STOP (a hang: heartbeats stop), CONT. Runs on the worker's host."},
        footer = {"", "Examples:", "  kpool kill --worker 2                 (SIGKILL: watch the supervisor restart it)",
                "  kpool kill --worker 1 --signal STOP   (after --heartbeat-timeout it is killed and restarted)"})
final class KillWorker implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--worker", required = true, paramLabel = "N", description = "The worker's slot.")
    int worker;

    @Option(names = "--signal", paramLabel = "NAME", defaultValue = "KILL",
            description = "KILL, TERM, STOP, CONT, INT, ... (default: ${DEFAULT-VALUE}).")
    String signal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Signal sig;
        try {
            sig = Signal.valueOf(signal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--signal", "names no signal kpool knows: '" + signal + "'");
        }
        kafka.reachable();
        WorkerRow row = StatusReader.read(kafka.settings(), Duration.ofSeconds(30)).stream()
                .filter(r -> r.workerId() == worker).findFirst()
                .orElseThrow(() -> new ConfigException("--worker", "names no known worker: " + worker));
        if (row.pid() == null) {
            throw new ConfigException("--worker", worker + " has no process now (state " + row.state() + ")");
        }
        String here = InetAddress.getLocalHost().getHostName();
        if (row.host() != null && !row.host().equals(here)) {
            throw new ConfigException("--worker", worker + " runs on host " + row.host() + ", not here (" + here
                    + "): run kpool kill there");
        }
        Process kill = new ProcessBuilder("kill", "-" + sig.name(), String.valueOf(row.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            spec.commandLine().getErr().println("kpool kill: kill -" + sig.name() + " " + row.pid() + " failed");
            return Kpool.FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sent SIG%s to worker %d (pid %d, incarnation %d)%n", sig.name(), worker, row.pid(), row.incarnation());
        out.flush();
        return 0;
    }
}
