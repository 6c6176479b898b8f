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

    @Option(names = "--secure",
            description = "Secure the broker: one SASL_SSL listener (TLS with a CA and a certificate it makes in the "
                    + "data directory, SCRAM-SHA-512 users), ACLs on, a user per role and an operator; prints where "
                    + "each user's client properties file is. A data directory made with --secure keeps its CA and users.")
    boolean secure;

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
        try (EmbeddedKafka kafka = secure ? SecuredBroker.start(kafkaPort, dataDir) : EmbeddedKafka.start(kafkaPort, dataDir)) {
            PrintWriter out = spec.commandLine().getOut();
            if (secure) {
                SecuredBroker.describe(out, kafka, "embedded broker");
                out.printf("%nnext:  kpool acls --apply --bootstrap %s --kafka-config %s   (the pool's topics and ACLs)%n",
                        kafka.bootstrap(), SecuredBroker.file(kafka, SecuredBroker.OPERATOR));
            } else {
                out.printf("kafka      %s (data in %s)%n", kafka.bootstrap(), kafka.dataDir());
            }
            out.flush();
            stop.await();
        }
        return 0;
    }
}
