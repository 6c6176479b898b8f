package io.kpool.cli;

import io.kpool.bench.RoleLaunches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The command lines of the processes {@code kpool bench} starts, written from typed launches: a
 * supervisor's by {@link SupervisorArguments}, a dispatcher's by {@link DispatcherArguments}, a plain-pool
 * member's by {@link BenchMemberArguments}. What the bench does not set itself is what the role would
 * take by default (from the same environment), or what the scenario's extra options say, read by the
 * role's own parser; an extra option the launch does not carry, or one the bench sets itself, is refused.
 */
public final class BenchLaunches implements RoleLaunches {

    private final Map<String, String> env;

    /** Defaults from this process's environment, which the processes the bench starts inherit. */
    public BenchLaunches() {
        this(System.getenv());
    }

    BenchLaunches(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public List<String> supervisor(RoleLaunches.Supervisor asked) {
        return SupervisorArguments.encode(supervisorLaunch(asked));
    }

    @Override
    public List<String> dispatcher(RoleLaunches.Dispatcher asked) {
        return DispatcherArguments.encode(dispatcherLaunch(asked));
    }

    @Override
    public List<String> member(RoleLaunches.Member asked) {
        return BenchMemberArguments.encode(memberLaunch(asked));
    }

    /** The supervisor the bench asks for; its supervision the role's defaults and the extra options. */
    SupervisorLaunch supervisorLaunch(RoleLaunches.Supervisor asked) {
        CommandLine.ParseResult parsed = parse(SupervisorArguments.COMMAND, asked.options());
        requireTunable(parsed, mixinOptions(parsed, "supervision"));
        RunSupervisor role = (RunSupervisor) parsed.commandSpec().userObject();
        return new SupervisorLaunch(asked.bootstrap(), asked.prefix(), asked.kafkaConfig(), null, asked.workers(),
                asked.name(), asked.runDir(), null, asked.parentPid(), role.supervision.launch());
    }

    /**
     * The dispatcher the bench asks for; its handler, heartbeat timeout, dispatch and intake the role's defaults
     * and the extra options.
     */
    DispatcherLaunch dispatcherLaunch(RoleLaunches.Dispatcher asked) {
        CommandLine.ParseResult parsed = parse(DispatcherArguments.COMMAND, asked.options());
        Set<String> tunable = mixinOptions(parsed, "dispatch");
        tunable.addAll(List.of(DispatcherArguments.HANDLER, DispatcherArguments.HANDLERS_FILE,
                DispatcherArguments.HEARTBEAT_TIMEOUT));
        requireTunable(parsed, tunable);
        DispatcherLaunch role = ((RunDispatcher) parsed.commandSpec().userObject()).launch();
        return new DispatcherLaunch(asked.bootstrap(), asked.prefix(), asked.kafkaConfig(), asked.id(), role.handler(),
                role.handlersFile(), role.heartbeatTimeout(), role.strategy(), role.limits(), role.dedupeWindow(), null,
                asked.parentPid());
    }

    /**
     * The member the bench asks for; its handler the member's default or the extra options' (which the member
     * carries all of; one that says again what the bench set is refused by the parser). A member is dynamic
     * unless the bench gives it a static id: the environment's is not the bench's.
     */
    BenchMemberLaunch memberLaunch(RoleLaunches.Member asked) {
        List<String> args = BenchMemberArguments.encode(new BenchMemberLaunch(asked.bootstrap(), asked.kafkaConfig(),
                asked.input(), asked.output(), asked.group(), asked.staticId(), null, asked.parentPid()));
        args.addAll(asked.options());
        Map<String, String> memberEnv = new HashMap<>(env);
        memberEnv.remove(EnvDefaults.variable(BenchMember.STATIC_ID));
        CommandLine.ParseResult parsed = Kpool.commandLine(memberEnv).parseArgs(args.toArray(String[]::new))
                .subcommand().subcommand();
        return ((BenchMember) parsed.commandSpec().userObject()).launch();
    }

    /** {@code kpool COMMAND OPTIONS} parsed as {@code kpool} parses, defaults from the environment: the role's. */
    private CommandLine.ParseResult parse(String command, List<String> options) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(options);
        return Kpool.commandLine(env).parseArgs(args.toArray(String[]::new)).subcommand();
    }

    private static Set<String> mixinOptions(CommandLine.ParseResult parsed, String mixin) {
        Set<String> names = new HashSet<>();
        parsed.commandSpec().mixins().get(mixin).options().forEach(option -> names.add(option.longestName()));
        return names;
    }

    /** Refuses an option the launch does not carry or the bench sets itself, rather than dropping it. */
    private static void requireTunable(CommandLine.ParseResult parsed, Set<String> tunable) {
        for (CommandLine.Model.OptionSpec option : parsed.matchedOptions()) {
            if (!tunable.contains(option.longestName())) {
                throw new IllegalArgumentException("the bench cannot pass " + option.longestName() + " on to `kpool "
                        + parsed.commandSpec().name() + "`; it passes on " + new java.util.TreeSet<>(tunable));
            }
        }
    }
}
