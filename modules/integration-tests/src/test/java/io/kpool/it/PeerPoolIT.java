package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.bench.BenchEnvironment;
import io.kpool.bench.peer.PeerPool;
import io.kpool.bench.peer.PeerResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain consumer-group pool of {@code kpool bench}: two real {@code kpool bench member}
 * processes in one group on the shared broker do 2000 jobs; the throughput is measured, failover
 * is not.
 */
@ExtendWith(SharedBroker.class)
class PeerPoolIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoMembersDoEveryJobAndReportTheirThroughput() {
        PeerResult result = PeerPool.run(new BenchEnvironment(SharedBroker.bootstrap(), TestPool.kpoolCommand(), dir,
                true, new io.kpool.cli.BenchLaunches()), 2, 2000, false);

        assertThat(result.members()).isEqualTo(2);
        assertThat(result.jobs()).isEqualTo(2000);
        assertThat(result.jobsPerSecond()).isPositive();
        assertThat(result.failoverDefaultMs()).isNull();
        assertThat(result.failoverStaticMs()).isNull();
    }
}
