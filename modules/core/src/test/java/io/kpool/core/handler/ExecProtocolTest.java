package io.kpool.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class ExecProtocolTest {

    @Test
    void aRequestIsOneLineWithTheJobsIdAndPayload() {
        assertThat(ExecProtocol.request("job-1", IntNode.valueOf(21))).isEqualTo("{\"id\":\"job-1\",\"payload\":21}");
        assertThat(ExecProtocol.request("j", TextNode.valueOf("two\nlines"))).doesNotContain("\n");
    }

    @Test
    void aReplyAboutTheJobGivesItsOutput() {
        assertThat(ExecProtocol.output("{\"id\": \"job-1\", \"output\": 42}", "job-1").intValue()).isEqualTo(42);
        assertThat(ExecProtocol.output("{\"id\":\"job-1\",\"output\":null,\"extra\":1}", "job-1").isNull()).isTrue();
    }

    @Test
    void anErrorReplyCrashesTheWorker() {
        assertThatThrownBy(() -> ExecProtocol.output("{\"id\":\"job-1\",\"error\":\"no such image\"}", "job-1"))
                .isInstanceOf(ExecProtocolException.class)
                .hasMessage("answered job job-1 with an error: no such image");
    }

    @Test
    void aReplyAboutAnotherJobCrashesTheWorker() {
        assertThatThrownBy(() -> ExecProtocol.output("{\"id\":\"job-2\",\"output\":4}", "job-1"))
                .isInstanceOf(ExecProtocolException.class)
                .hasMessageStartingWith("was asked about job job-1 but answered about \"id\" \"job-2\"");
        assertThatThrownBy(() -> ExecProtocol.output("{\"output\":4}", "job-1"))
                .hasMessageStartingWith("was asked about job job-1 but answered about no \"id\"");
    }

    @Test
    void garbageCrashesTheWorker() {
        assertThatThrownBy(() -> ExecProtocol.output("Traceback (most recent call last):", "job-1"))
                .isInstanceOf(ExecProtocolException.class)
                .hasMessage("answered job job-1 with a line that is not JSON: Traceback (most recent call last):");
        assertThatThrownBy(() -> ExecProtocol.output("[1, 2]", "job-1"))
                .hasMessageContaining("JSON that is not an object");
        assertThatThrownBy(() -> ExecProtocol.output("{\"id\":\"job-1\"}", "job-1"))
                .hasMessageContaining("neither \"output\" nor \"error\"");
    }
}
