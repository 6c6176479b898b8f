package io.kpool.cli;

import io.kpool.embedded.EmbeddedKafka;
import io.kpool.transport.local.ProcessLifecycle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kpool broker}: only the embedded Kafka broker, as a process of its own. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run only the embedded single-node Kafka broker (the real KRaft broker from the Kafka jars) "
                + "until SIGTERM or Ctrl-C: for trying the roles one by one, and for kpool bench."})
final class RunBroker implements Callable<Integer> {

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port on localhost (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker keeps its data (default: a temporary directory, removed on exit).")
    Path dataDir;

    @Option(names = "--parent-pid", paramLabel = "PID", defaultValue = "0",
            description = "Exit when this process exits.")
    long parentPid;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ProcessLifecycle.exitWithParent(parentPid);
        CountDownLatch stop = new CountDownLatch(1);
        ProcessLifecycle.onTermination(stop::countDown, parentPid);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort, dataDir)) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("kafka      %s (data in %s)%n", kafka.bootstrap(), kafka.dataDir());
            out.flush();
            stop.await();
        }
        return 0;
    }
}
