package io.kpool.it;

import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A kpool process as a deployment file runs it: where it is declared, its arguments, its
 * environment and its command line as kpool parses them (whose options hold the values the role
 * would run with). {@code workload} and {@code container} are null for a Compose service.
 */
record KpoolContainer(String where, String name, Manifests.Workload workload, Container container, List<String> args,
                      Map<String, String> env, CommandLine.ParseResult parsed) {

    /** The role: {@code dispatcher}, {@code supervisor}. */
    String command() {
        return parsed.commandSpec().name();
    }

    /** The value of one of the role's options, as it would run. */
    Object option(String name) {
        return KpoolCommandLines.option(parsed, name);
    }
}
