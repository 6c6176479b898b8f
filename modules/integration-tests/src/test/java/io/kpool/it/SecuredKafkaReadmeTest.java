package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.cli.Kpool;
import io.kpool.protocol.Topics;
import io.kpool.transport.security.PoolAcls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's "Secured Kafka" section against the code it describes. */
class SecuredKafkaReadmeTest {

    private static String readme() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("modules"))) {
                return Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theReadmesAclTableIsTheOneKpoolAclsWrites() throws IOException {
        String table = PoolAcls.markdown(Topics.ofDefaults(), PoolAcls.principals(Map.of()));

        assertThat(readme()).as("README's ACL table: regenerate it from PoolAcls.markdown").contains(table);
    }

    @Test
    void everySecurityOptionIsInTheOptionsTableWithItsVariable() throws IOException {
        String readme = readme();
        CommandLine cli = Kpool.commandLine(Map.of());
        for (String[] option : new String[][] {{"status", "--kafka-config"}, {"supervisor", "--worker-kafka-config"},
                {"up", "--secure"}, {"broker", "--secure"}, {"acls", "--apply"}, {"acls", "--principal"}}) {
            assertThat(cli.getSubcommands().get(option[0]).getCommandSpec().findOption(option[1]))
                    .as("kpool %s %s", option[0], option[1]).isNotNull();
            String variable = "KPOOL_" + option[1].substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
            assertThat(readme).contains("| `" + option[1] + "` | `" + variable + "` |");
        }
    }
}
