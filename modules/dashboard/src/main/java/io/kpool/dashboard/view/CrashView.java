package io.kpool.dashboard.view;

import io.kpool.protocol.event.WorkerCrashed;

/**
 * A slot's latest crash, as its row tells it.
 *
 * @param at          when it was noticed (epoch millis)
 * @param incarnation the incarnation that crashed
 * @param pid         its process
 * @param how         {@code SIGKILL}, {@code exit 1}, {@code heartbeat timeout}, ...
 * @param jobId       the job it was running, if known
 */
public record CrashView(long at, long incarnation, long pid, String how, String jobId) {

    static CrashView of(WorkerCrashed crash) {
        String how = switch (crash.reason()) {
            case "exit" -> "exit " + crash.exitCode();
            case "signal" -> "SIG" + crash.signal();
            default -> crash.reason().replace('_', ' ');
        };
        return new CrashView(crash.at(), crash.incarnation(), crash.pid(), how, crash.jobId());
    }
}
