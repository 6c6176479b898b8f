package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.kpool.cli.Kpool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * kpool's own command line as the judge of the deployment files: a container's arguments must
 * parse, alone and with its environment, and every {@code KPOOL_*} variable it is given must be
 * one its command reads.
 */
final class KpoolCommandLines {

    /** The roles the deployment files run. */
    static final Set<String> ROLES = Set.of("dispatcher", "supervisor");

    /**
     * Variables kpool reads that are not options, and the commands that read them: the JVM options
     * of the workers a supervisor starts; of a kpool process's own JVM, read by the image's launcher
     * for every command it runs (and by {@code kpool up} for the roles it starts); kpool's log level and format.
     */
    static final Map<String, Set<String>> NOT_OPTIONS = Map.of(
            "KPOOL_WORKER_JAVA_OPTS", Set.of("supervisor", "up"),
            "KPOOL_JAVA_OPTS", Set.of("up", "dispatcher", "supervisor"),
            "KPOOL_LOG_LEVEL", Set.of("up", "submit", "status", "watch", "dispatcher", "supervisor", "worker"),
            "KPOOL_LOG_FORMAT", Set.of("up", "dispatcher", "supervisor", "worker", "broker"));

    private KpoolCommandLines() {
    }

    /** A Kubernetes container of kpool's image, in pod {@code podName}, with its environment resolved and its args parsed. */
    static KpoolContainer of(Manifests manifests, Manifests.Workload w, Container c, String podName) {
        String where = w.where() + " container " + c.getName();
        Map<String, String> env = manifests.env(w, c, podName);
        List<String> args = Manifests.nonNull(c.getArgs()).stream().map(a -> Manifests.expand(a, env)).toList();
        return new KpoolContainer(where, c.getName(), w, c, args, env, parse(where, args, env));
    }

    /** Every container of kpool's image in {@code manifests}, as in its workload's first pod. */
    static List<KpoolContainer> kubernetes(Manifests manifests) {
        List<KpoolContainer> found = new ArrayList<>();
        for (Manifests.Workload w : manifests.workloads()) {
            for (Container c : w.pod().getContainers()) {
                if (Manifests.isKpool(c)) {
                    found.add(of(manifests, w, c, w.podName(0)));
                }
            }
        }
        return found;
    }

    /** Checks a container's {@code KPOOL_*} variables against the options of its command. */
    static List<String> unknownKpoolVariables(KpoolContainer c) {
        List<String> problems = new ArrayList<>();
        Set<String> options = c.parsed().commandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .map(KpoolCommandLines::variable).collect(Collectors.toSet());
        for (String name : c.env().keySet()) {
            if (!name.startsWith("KPOOL_")) {
                continue;
            }
            Set<String> readers = NOT_OPTIONS.get(name);
            if (readers != null ? !readers.contains(c.command()) : !options.contains(name)) {
                problems.add(c.where() + ": " + name + " is not read by `kpool " + c.command() + "`"
                        + (readers != null ? " (only by " + new TreeSet<>(readers) + ")" : " (no option --"
                        + name.substring("KPOOL_".length()).toLowerCase(Locale.ROOT).replace('_', '-') + ")"));
            }
        }
        return problems;
    }

    /** {@code --foo-bar} -> {@code KPOOL_FOO_BAR}, as kpool's EnvDefaults reads it. */
    static String variable(OptionSpec option) {
        return "KPOOL_" + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Parses a kpool command line as kpool would: the arguments alone, then with {@code env} as the
     * environment (whose values must convert too). Answers the role's parse result, whose options
     * hold the values the role would run with.
     */
    static CommandLine.ParseResult parse(String where, List<String> args, Map<String, String> env) {
        assertThat(args).as(where + ": kpool's arguments").isNotEmpty();
        assertThat(ROLES).as(where + ": the first argument is the role").contains(args.get(0));
        CommandLine.ParseResult parsed = null;
        for (Map<String, String> environment : List.of(Map.<String, String>of(), env)) {
            try {
                parsed = Kpool.commandLine(environment).parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(where + ": kpool does not accept " + args + " with "
                        + (environment.isEmpty() ? "no environment" : kpoolVariables(environment)) + ": "
                        + e.getMessage(), e);
            }
            assertThat(parsed.unmatched()).as(where + ": unmatched arguments").isEmpty();
        }
        return parsed.subcommand();
    }

    static Object option(CommandLine.ParseResult parsed, String name) {
        OptionSpec option = parsed.commandSpec().findOption(name);
        assertThat(option).as("kpool " + parsed.commandSpec().name() + " " + name).isNotNull();
        return option.getValue();
    }

    private static String kpoolVariables(Map<String, String> env) {
        return env.entrySet().stream().filter(e -> e.getKey().startsWith("KPOOL_")).map(Map.Entry::getKey)
                .sorted().toList().toString();
    }
}
