package io.kpool.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.core.config.ConfigException;
import io.kpool.protocol.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DoublerTest {

    private final Doubler doubler = new Doubler();

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        return Json.tree(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void doublesAnInteger() {
        assertThat(doubler.handle(json("21")).longValue()).isEqualTo(42);
        assertThat(doubler.handle(json("0")).longValue()).isZero();
        assertThat(doubler.handle(json("9223372036854775807")).bigIntegerValue().toString())
                .isEqualTo("18446744073709551614");
    }

    @Test
    void crashesOnANegativeNumberLikeTheSeedsLetAssert() {
        assertThatThrownBy(() -> doubler.handle(json("-1"))).hasMessageContaining("must not be negative, but was -1");
    }

    @Test
    void crashesOnAnythingButAnInteger() {
        assertThatThrownBy(() -> doubler.handle(json("\"five\""))).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> doubler.handle(json("2.5"))).hasMessageContaining("must be an integer");
    }

    @Test
    void isFoundByName() {
        assertThat(JobHandlers.named("--handler", "double")).isInstanceOf(Doubler.class);
        assertThatThrownBy(() -> JobHandlers.named("--handler", "triple"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--handler names no known handler: 'triple' (known: double, sleep)");
    }
}
