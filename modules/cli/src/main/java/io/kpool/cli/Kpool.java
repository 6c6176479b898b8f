package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.embedded.EmbeddedKafkaException;
import io.kpool.supervisor.SlotTakenException;
import io.kpool.supervisor.WorkersRefusedException;
import io.kpool.transport.KafkaProbe;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import io.kpool.transport.security.KafkaRefusal;
import io.kpool.worker.HandlerFailedException;
import java.util.Optional;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kpool} command. */
@Command(name = "kpool", mixinStandardHelpOptions = true, versionProvider = Kpool.Version.class,
        description = {"A supervised worker pool over Kafka: a dispatcher, workers and their supervisor run as "
                + "separate processes and talk only through Kafka topics. Workers let it crash; the supervisor "
                + "restarts them; no job is lost.", ""},
        subcommands = {Up.class, Submit.class, Status.class, Watch.class, DashboardCommand.class, AuditCommand.class,
                DeadLettersCommand.class, ReplayCommand.class, CancelCommand.class, KillWorker.class, Bench.class, AclsCommand.class,
                RunBroker.class, RunDispatcher.class, RunSupervisor.class, RunWorker.class, CommandLine.HelpCommand.class},
        footer = {"", "Start with: kpool up   (then, in another terminal: kpool submit 5 3 -1 7 --wait)", "",
                "Every option can also be set by an environment variable: --foo-bar by KPOOL_FOO_BAR."})
public final class Kpool implements Runnable {

    /** The process ran but failed (Kafka unreachable, jobs missing, ...). */
    static final int FAILURE = 1;
    /** A bad flag or setting, a refusal of a secured Kafka, or a slot another live supervisor owns. */
    static final int USAGE = io.kpool.transport.local.ProcessLifecycle.SETTING_REFUSED;
    /** A supervisor gave up: its workers restarted more often than its intensity allows. */
    static final int GAVE_UP = 4;

    private static final String ENVIRONMENT =
            "Every option can also be set by an environment variable: --foo-bar by KPOOL_FOO_BAR.";

    private static final Set<String> ROLES = Set.of("up", "dispatcher", "supervisor", "worker");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        String format = System.getenv("KPOOL_LOG_FORMAT");
        if (format != null && !format.isBlank() && !format.equalsIgnoreCase("text") && !format.equalsIgnoreCase("json")) {
            System.err.println("kpool: KPOOL_LOG_FORMAT must be text or json, but was '" + format + "'");
            System.exit(2);
        }
        if (System.getProperty("kpool.log.format") == null && format != null) {
            System.setProperty("kpool.log.format", format.strip());
        }
        if (ROLES.contains(command) || command.equals("broker")) {
            System.setProperty("kpool.log.role", command);
        }
        if (System.getProperty("kpool.log.level") == null) {
            String level = System.getenv("KPOOL_LOG_LEVEL");
            System.setProperty("kpool.log.level", level != null ? level : ROLES.contains(command) ? "INFO" : "WARN");
            if (level == null && System.getProperty("kpool.log.kafka") == null && !ROLES.contains(command)
                    && !command.equals("broker") && !command.equals("bench")) {
                System.setProperty("kpool.log.kafka", "OFF");
            }
        }
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line, reading option defaults from {@code env}. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new Kpool());
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.setExecutionExceptionHandler(Kpool::onFailure);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        for (CommandLine sub : cli.getSubcommands().values()) {
            String[] footer = sub.getCommandSpec().usageMessage().footer();
            String[] withEnv = java.util.Arrays.copyOf(footer, footer.length + 2);
            withEnv[footer.length] = "";
            withEnv[footer.length + 1] = ENVIRONMENT;
            sub.getCommandSpec().usageMessage().footer(withEnv);
        }
        return cli;
    }

    /**
     * Settings errors name the setting; a refusal of a secured Kafka (credentials, certificate, ACL,
     * a client in plain text at a TLS listener) says what was refused, in one line, exit 2; other
     * Kafka trouble names the address; anything else (a job handler's failure in a worker
     * included) is printed whole: the process dies of it.
     */
    private static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        String name = cli.getCommandSpec().qualifiedName();
        if (e instanceof ConfigException || e instanceof SlotTakenException) {
            err.println(name + ": " + (e instanceof ConfigException bad ? ConfigFlags.describe(bad) : e.getMessage()));
            err.println("Try '" + name + " --help' for the options.");
            err.flush();
            return USAGE;
        }
        if (e instanceof HandlerFailedException crash) {
            // The job handler's own failure: the crash kpool is built around, whatever it is.
            Throwable cause = crash.getCause();
            if (LogSetup.json()) {
                // one object, with the job's id (MDC) and the stack trace in it
                LoggerFactory.getLogger(Kpool.class).error("{}: crashed: {}", name, cause.toString(), cause);
                return FAILURE;
            }
            err.println(name + ": crashed: " + cause);
            printTrace(cause, err);
            err.flush();
            return FAILURE;
        }
        if (e instanceof WorkersRefusedException) {
            err.println(name + ": " + e.getMessage());
            err.flush();
            return USAGE;
        }
        KafkaSettings kafka = settingsOf(cli);
        Optional<String> refusal = KafkaRefusal.describe(e, kafka);
        if (refusal.isEmpty() && kafka != null && timedOut(e)) {
            refusal = KafkaProbe.diagnose(kafka);
        }
        if (refusal.isPresent()) {
            err.println(name + ": " + refusal.get());
            err.flush();
            return USAGE;
        }
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            err.println(name + ": Kafka did not answer in time: " + e.getMessage());
            err.flush();
            return FAILURE;
        }
        if (e instanceof KafkaUnavailableException || e instanceof EmbeddedKafkaException) {
            err.println(name + ": " + e.getMessage());
            err.flush();
            return FAILURE;
        }
        err.println(name + ": crashed: " + e);
        printTrace(e, err);
        err.flush();
        return FAILURE;
    }

    /** The Kafka settings of the command that failed, when it has them and they are valid. */
    private static KafkaSettings settingsOf(CommandLine cli) {
        try {
            for (CommandLine.Model.CommandSpec mixin : cli.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof KafkaOptions options) {
                    return options.settings();
                }
            }
            if (cli.getCommandSpec().userObject() instanceof KafkaCommand command) {
                return command.kafkaSettings();
            }
        } catch (RuntimeException e) {
            // settings that do not hold cannot say more
        }
        return null;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException || t instanceof KafkaUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** The stack trace without picocli's frames and the launcher's, so the cause reads first. */
    private static void printTrace(Throwable e, PrintWriter err) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t != e) {
                err.println("Caused by: " + t);
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                String type = frame.getClassName();
                if (type.startsWith("picocli.") || type.equals(Kpool.class.getName())) {
                    break;
                }
                err.println("\tat " + frame);
            }
            if (t.getCause() == t) {
                break;
            }
        }
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Kpool.class.getPackage().getImplementationVersion();
            return new String[] {"kpool " + (v == null ? "(development build)" : v)};
        }
    }
}
