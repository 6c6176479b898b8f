package io.kpool.cli;

import io.kpool.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpool up} restarts its dispatcher and supervisor by the core's backoff, within the core's restart intensity. */
class RoleProcessTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    @Test
    void aRoleThatDiesAtEveryStartIsRestartedWithAGrowingWaitThenGivenUp() throws Exception {
        // Given a role that exits at once, every time
        RoleProcess role = new RoleProcess("supervisor", List.of("/bin/sh", "-c", "exit 3"), dir.resolve("s.log"), clock);
        role.start();

        // When up keeps it alive
        List<String> news = new ArrayList<>();
        for (int i = 0; i < 20 && !role.gaveUp(); i++) {
            role.awaitExit(Duration.ofSeconds(10));
            String decided = role.keepAlive();
            news.add(decided);
            if (!role.gaveUp()) {
                Duration wait = Duration.ofMillis(Long.parseLong(decided.replaceAll(".*restarting it in (\\d+) ms.*", "$1")));
                clock.advance(wait);
                assertThat(role.keepAlive()).startsWith("restarted the supervisor (pid ");
            }
        }

        // Then the waits are the core's backoff, and the sixth death within 60 s is the last
        assertThat(news).hasSize(RoleProcess.MAX_RESTARTS + 1);
        assertThat(news.subList(0, RoleProcess.MAX_RESTARTS)).extracting(n -> n.replaceAll(" \\(log: .*", ""))
                .containsExactly(
                        "the supervisor exited with status 3; restarting it in 0 ms",
                        "the supervisor exited with status 3; restarting it in 1000 ms",
                        "the supervisor exited with status 3; restarting it in 2000 ms",
                        "the supervisor exited with status 3; restarting it in 4000 ms",
                        "the supervisor exited with status 3; restarting it in 8000 ms");
        assertThat(news.get(RoleProcess.MAX_RESTARTS))
                .startsWith("the supervisor exited with status 3, more than 5 times within 60 s; giving up");
        assertThat(role.gaveUp()).isTrue();
        assertThat(role.keepAlive()).isNull();
    }

    @Test
    void aRoleThatDiesAfterAStableRunIsRestartedAtOnceAndCountsAfreshInItsWindow() throws Exception {
        RoleProcess role = new RoleProcess("dispatcher", List.of("/bin/sh", "-c", "exit 1"), dir.resolve("d.log"), clock);
        role.start();
        for (int i = 0; i < 3; i++) {
            role.awaitExit(Duration.ofSeconds(10));
            clock.advance(Duration.ofSeconds(61));

            assertThat(role.keepAlive()).contains("restarting it in 0 ms");
            assertThat(role.keepAlive()).startsWith("restarted the dispatcher");
        }
        assertThat(role.gaveUp()).isFalse();
    }
}
