package io.kpool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.core.handler.ExecCommand;
import io.kpool.core.handler.ExecProtocolException;
import io.kpool.core.handler.HandlerCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker's side of a process handler, against small shell children. */
class ProcessHandlerTest {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream errors = new PrintStream(stderr, true, StandardCharsets.UTF_8);

    private static ExecCommand sh(String script) {
        return ExecCommand.parse("--handler", "test", "exec:sh -c '" + script + "'");
    }

    /** Answers each line with output 42 for id job-1, then job-2, ...; exits 0 at the end of its input. */
    private static final String ECHOES = "n=0; while read line; do n=$((n+1)); echo \"{\\\"id\\\":\\\"job-$n\\\",\\\"output\\\":42}\"; done";

    @Test
    void aChildAnswersEachJobAndExitsWhenItsInputEnds() throws Exception {
        ProcessHandler handler = ProcessHandler.start(sh(ECHOES), errors);

        assertThat(handler.handle("job-1", IntNode.valueOf(21)).intValue()).isEqualTo(42);
        assertThat(handler.handle("job-2", IntNode.valueOf(1)).intValue()).isEqualTo(42);
        handler.close();

        assertThat(handler.child().isAlive()).isFalse();
    }

    @Test
    void aChildThatExitsCrashesTheWorkerWithItsStatusAndLastWords() {
        ProcessHandler handler = ProcessHandler.start(sh("read line; echo \"payload must not be negative\" >&2; exit 3"),
                errors);

        assertThatThrownBy(() -> handler.handle("job-1", IntNode.valueOf(-1)))
                .isInstanceOf(ExecProtocolException.class)
                .hasMessageContaining("closed its standard output before answering job job-1: it exited with status 3")
                .hasMessageContaining("its last stderr lines: payload must not be negative");
        // and its stderr reached the worker's own
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("payload must not be negative");
    }

    @Test
    void aChildThatAnswersAnotherJobIsKilledAndCrashesTheWorker() throws Exception {
        ProcessHandler handler = ProcessHandler.start(sh(ECHOES), errors);

        assertThatThrownBy(() -> handler.handle("job-7", IntNode.valueOf(1)))
                .isInstanceOf(ExecProtocolException.class)
                .hasMessageContaining("was asked about job job-7 but answered about \"id\" \"job-1\"");
        assertThat(handler.child().onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void aChildThatWritesGarbageCrashesTheWorker() {
        ProcessHandler handler = ProcessHandler.start(sh("read line; echo hello"), errors);

        assertThatThrownBy(() -> handler.handle("job-1", IntNode.valueOf(1)))
                .hasMessageContaining("answered job job-1 with a line that is not JSON: hello");
    }

    @Test
    void aChildThatIgnoresTheEndOfItsInputIsKilledOnClose() {
        ProcessHandler handler = ProcessHandler.start(sh("trap \"\" TERM; while true; do sleep 1; done"), errors);
        long started = System.nanoTime();

        handler.close();

        assertThat(handler.child().isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ProcessHandler.CLOSE_GRACE.plusSeconds(3));
    }

    @Test
    void aCommandThatCannotStartIsNamed() {
        ExecCommand missing = HandlerCatalog.none().defaultHandler("--handler", "exec:/no/such/handler --x")
                instanceof ExecCommand c ? c : null;

        assertThatThrownBy(() -> ProcessHandler.start(missing, errors))
                .hasMessageStartingWith("cannot start handler process '/no/such/handler --x'");
    }
}
