package io.kpool.cli;

import io.kpool.dispatcher.Dispatcher;
import io.kpool.dispatcher.DispatcherConfig;
import io.kpool.observe.OpsServer;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.local.ProcessLifecycle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool dispatcher}: route jobs to live workers. Several can share the load. */
@Command(name = DispatcherArguments.COMMAND, mixinStandardHelpOptions = true,
        description = {"Run a dispatcher: read jobs, dead-letter what cannot run, route the rest to live workers. "
                + "Several dispatchers share the load in one consumer group.",
                "SIGTERM: finish the current transaction, exit 0."})
final class RunDispatcher implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    DispatchOptions dispatch;

    @Mixin
    TopicOptions topicOptions;

    @Option(names = DispatcherArguments.ID, paramLabel = "NAME",
            description = "This dispatcher's name, part of its transactional id: a restarted dispatcher with the "
                    + "same name takes over at once (default: a random one).")
    String id;

    @Option(names = DispatcherArguments.HANDLER, paramLabel = "NAME",
            description = "The handler of jobs that name none: their payloads are checked against it; a process "
                    + "handler (exec:<command>) takes any JSON payload (default: ${DEFAULT-VALUE}).")
    String handler;

    @Option(names = DispatcherArguments.HANDLERS_FILE, paramLabel = "FILE",
            description = "Named handlers, so that one pool serves several: a properties file of NAME = "
                    + "exec:<command> or NAME = <a Java handler's name>; a job selects one with \"handler\": \"NAME\" "
                    + "(default: none).")
    java.nio.file.Path handlersFile;

    @Option(names = DispatcherArguments.HEARTBEAT_TIMEOUT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Heartbeat silence after which a worker gets no more jobs (default: ${DEFAULT-VALUE}).")
    Duration heartbeatTimeout;

    @Mixin
    RoleOptions role;

    /**
     * What this process is asked to do, read from its command line: the other side of
     * {@link DispatcherArguments#encode}.
     */
    DispatcherLaunch launch() {
        return new DispatcherLaunch(kafka.bootstrap, kafka.prefix, kafka.kafkaConfig, id, handler, handlersFile,
                heartbeatTimeout, dispatch.strategy, dispatch.limits(), dispatch.dedupeWindow, role.httpPort,
                role.parentPid);
    }

    @Override
    public Integer call() {
        String instance = id != null ? id : UUID.randomUUID().toString().substring(0, 8);
        DispatcherConfig config = new DispatcherConfig(kafka.settings(), instance, dispatch.strategy, dispatch.limits(),
                heartbeatTimeout, role.parentPid, role.healthFile, handler,
                io.kpool.core.handler.HandlerCatalog.load(handlersFile), dispatch.dedupeWindow);
        ProcessLifecycle.exitWithParent(role.parentPid);
        try (TopicAdmin admin = new TopicAdmin(config.kafka())) {
            admin.ensure(topicOptions.layout(1), Duration.ofSeconds(60));
        }
        PrometheusMeterRegistry registry = RoleOptions.registry("dispatcher", kafka);
        Dispatcher dispatcher = new Dispatcher(config, registry);
        try (OpsServer ops = role.serve("dispatcher", registry, dispatcher.liveness(), dispatcher.readiness())) {
            ProcessLifecycle.onTermination(dispatcher::stop, role.parentPid);
            dispatcher.run();
            dispatcher.close();
        }
        return 0;
    }
}
