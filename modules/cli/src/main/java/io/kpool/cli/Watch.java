package io.kpool.cli;

import io.kpool.client.EventFollower;
import io.kpool.client.EventFormat;
import io.kpool.protocol.Json;
import io.kpool.transport.local.ProcessLifecycle;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool watch}: follow the broadcast events. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow the pool's events live: workers started, crashed, restarted, stopped; jobs "
                + "dead-lettered. Ctrl-C to stop.")
final class Watch implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--from-beginning", description = "Print the retained history first.")
    boolean fromBeginning;

    @Option(names = "--json", description = "Print each event as its JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private volatile boolean stopping;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        kafka.reachable();
        try (EventFollower events = new EventFollower(kafka.settings(), fromBeginning)) {
            ProcessLifecycle.onTermination(() -> {
                stopping = true;
                events.wakeup();
            }, 0);
            while (!stopping) {
                events.poll(Duration.ofMillis(500), e -> out.println(json ? Json.text(e) : EventFormat.line(e)));
                out.flush();
            }
        }
        return 0;
    }
}
