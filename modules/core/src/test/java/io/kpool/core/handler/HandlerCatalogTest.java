package io.kpool.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kpool.core.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerCatalogTest {

    private static final Path FILE = Path.of("/etc/kpool/handlers.properties");

    @TempDir
    Path dir;

    @Test
    void aHandlersFileNamesCommandsAndJavaHandlers() throws Exception {
        // Given a handlers file
        Path file = dir.resolve("handlers.properties");
        Files.writeString(file, "# the pool's handlers\nresize = exec:python3 'my handlers/resize.py' --fast\n"
                + "twice = double\n", StandardCharsets.UTF_8);

        // When it is loaded
        HandlerCatalog catalog = HandlerCatalog.load(file);

        // Then each name stands for its handler
        assertThat(catalog.names()).containsExactly("resize", "twice");
        assertThat(catalog.file()).contains(file.toAbsolutePath());
        assertThat(catalog.find("resize")).get().isEqualTo(new ExecCommand("resize",
                "python3 'my handlers/resize.py' --fast", List.of("python3", "my handlers/resize.py", "--fast")));
        assertThat(catalog.find("twice")).get().isInstanceOfSatisfying(HandlerDefinition.Java.class,
                java -> assertThat(java.handler()).isInstanceOf(Doubler.class));
        assertThat(catalog.find("sleep")).get().extracting(HandlerDefinition::name).isEqualTo("sleep");
        assertThat(catalog.find("nothing")).isEmpty();
    }

    @Test
    void aJobCannotNameACommand() {
        HandlerCatalog catalog = HandlerCatalog.of(FILE, Map.of("resize", "exec:convert"));

        assertThat(catalog.find("exec:rm -rf /")).isEmpty();
        assertThat(catalog.find("exec:convert")).isEmpty();
    }

    @Test
    void thePoolsDefaultHandlerMayBeACommand() {
        HandlerDefinition definition = HandlerCatalog.none().defaultHandler("--handler", "exec:python3 examples/double.py");

        assertThat(definition).isEqualTo(new ExecCommand("exec:python3 examples/double.py", "python3 examples/double.py",
                List.of("python3", "examples/double.py")));
        assertThat(definition.refuse(TextNode.valueOf("any JSON at all"))).isEmpty();
    }

    @Test
    void anUnknownDefaultHandlerIsNamedWithTheKnownOnes() {
        HandlerCatalog catalog = HandlerCatalog.of(FILE, Map.of("resize", "exec:convert"));

        assertThatThrownBy(() -> catalog.defaultHandler("--handler", "triple"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--handler names no known handler: 'triple' (known: double, resize, sleep; "
                        + "or exec:<command> for a process handler)");
        assertThatThrownBy(() -> catalog.defaultHandler("--handler", "exec:  "))
                .hasMessage("--handler needs a command after exec:, such as 'exec:python3 examples/double.py', "
                        + "but was 'exec:  '");
        assertThatThrownBy(() -> catalog.defaultHandler("--handler", "exec:python3 'open"))
                .hasMessage("--handler has a quote that is not closed: 'exec:python3 'open'");
    }

    @Test
    void aBadEntryIsNamedWithTheFileTheKeyAndTheValue() {
        assertThatThrownBy(() -> HandlerCatalog.of(FILE, Map.of("resize", "convert")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("handlers /etc/kpool/handlers.properties: 'resize' needs exec:<command> or a Java "
                        + "handler's name (double, sleep), but was 'convert'");
        assertThatThrownBy(() -> HandlerCatalog.of(FILE, Map.of("resize", "")))
                .hasMessage("handlers /etc/kpool/handlers.properties: 'resize' needs exec:<command> or a Java "
                        + "handler's name, but was empty");
        assertThatThrownBy(() -> HandlerCatalog.of(FILE, Map.of("double", "exec:python3 d.py")))
                .hasMessage("handlers /etc/kpool/handlers.properties: 'double' is the name of the Java handler "
                        + "double: give the entry another name");
        assertThatThrownBy(() -> HandlerCatalog.of(FILE, Map.of("re size", "double")))
                .hasMessageContaining("'re size' is not a handler name");
        assertThatThrownBy(() -> HandlerCatalog.of(FILE, Map.of("resize", "exec:")))
                .hasMessageContaining("needs a command after exec:");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> HandlerCatalog.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("handlers cannot read " + missing);
    }

    @Test
    void commandsSplitAtBlanksAndKeepQuotedOnesTogether() {
        assertThat(ExecCommand.split("  node   examples/double.js ")).containsExactly("node", "examples/double.js");
        assertThat(ExecCommand.split("sh -c \"echo 'hi there'\"")).containsExactly("sh", "-c", "echo 'hi there'");
        assertThat(ExecCommand.split("a '' b")).containsExactly("a", "", "b");
        assertThat(ExecCommand.split("a 'b")).isNull();
    }
}
