package io.kpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kpool.core.handler.JobHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A handler whose jobs crash their worker until someone fixes the cause: the payload names a file,
 * and the handler returns its text, or, while there is no such file, crashes (it does not defend).
 * For the tests of dead letters and their replay; found by kpool processes started with the test
 * class path through {@code META-INF/services}.
 */
public final class NeedsFile implements JobHandler {

    public static final String NAME = "needs-file";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> refuse(JsonNode payload) {
        return payload != null && payload.isTextual() ? Optional.empty()
                : Optional.of("needs-file takes a file's path, a string");
    }

    @Override
    public JsonNode handle(JsonNode payload) throws Exception {
        Path file = Path.of(payload.textValue());
        if (!Files.exists(file)) {
            throw new IllegalStateException("let it crash: no file at " + file);
        }
        return TextNode.valueOf(Files.readString(file, StandardCharsets.UTF_8));
    }
}
