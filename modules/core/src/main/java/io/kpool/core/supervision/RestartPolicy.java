package io.kpool.core.supervision;

import io.kpool.core.config.Require;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a supervisor restarts its workers, as a value: {@code RestartPolicy.oneForAll()
 * .withIntensity(3, Duration.ofSeconds(5)).withRestart(RestartType.TRANSIENT)}.
 *
 * @param strategy    which workers a crash brings down
 * @param restart     which ends are followed by a restart
 * @param maxRestarts the intensity: at most this many restarts...
 * @param within      ...within this window
 * @param onLimit     what happens past the limit
 * @param backoff     the wait before restarting a worker that keeps crashing
 * @param restartBySlot restart types of single slots, where they differ from {@code restart}
 */
public record RestartPolicy(Strategy strategy, RestartType restart, int maxRestarts, Duration within,
                            OnLimit onLimit, Backoff backoff, Map<Integer, RestartType> restartBySlot) {

    public RestartPolicy {
        Require.notNull("strategy", strategy);
        Require.notNull("restart", restart);
        Require.between("maxRestarts", maxRestarts, 0, 1_000_000);
        Require.positive("within", within);
        Require.notNull("onLimit", onLimit);
        Require.notNull("backoff", backoff);
        restartBySlot = Map.copyOf(restartBySlot);
    }

    /**
     * one_for_one, permanent, at most 10 restarts within 60 s then escalate, {@link Backoff#ofDefaults()}.
     * The limit is looser than OTP's default (1 in 5 s) because a restart here is a JVM's start,
     * not a process spawn in a VM, and a poison job alone costs up to {@code maxAttempts}
     * restarts before it is dead-lettered.
     */
    public static RestartPolicy ofDefaults() {
        return new RestartPolicy(Strategy.ONE_FOR_ONE, RestartType.PERMANENT, 10, Duration.ofSeconds(60),
                OnLimit.ESCALATE, Backoff.ofDefaults(), Map.of());
    }

    public static RestartPolicy oneForOne() {
        return ofDefaults();
    }

    public static RestartPolicy oneForAll() {
        return ofDefaults().withStrategy(Strategy.ONE_FOR_ALL);
    }

    public static RestartPolicy restForOne() {
        return ofDefaults().withStrategy(Strategy.REST_FOR_ONE);
    }

    public RestartPolicy withStrategy(Strategy value) {
        return new RestartPolicy(value, restart, maxRestarts, within, onLimit, backoff, restartBySlot);
    }

    public RestartPolicy withRestart(RestartType value) {
        return new RestartPolicy(strategy, value, maxRestarts, within, onLimit, backoff, restartBySlot);
    }

    public RestartPolicy withIntensity(int restarts, Duration window) {
        return new RestartPolicy(strategy, restart, restarts, window, onLimit, backoff, restartBySlot);
    }

    public RestartPolicy withOnLimit(OnLimit value) {
        return new RestartPolicy(strategy, restart, maxRestarts, within, value, backoff, restartBySlot);
    }

    /** The same policy with one slot's restart type set apart, as OTP sets it per child. */
    public RestartPolicy withRestart(int slot, RestartType value) {
        Map<Integer, RestartType> bySlot = new HashMap<>(restartBySlot);
        bySlot.put(slot, value);
        return new RestartPolicy(strategy, restart, maxRestarts, within, onLimit, backoff, bySlot);
    }

    /** The restart type of one slot. */
    public RestartType restartOf(int slot) {
        return restartBySlot.getOrDefault(slot, restart);
    }

    public RestartPolicy withBackoff(Backoff value) {
        return new RestartPolicy(strategy, restart, maxRestarts, within, onLimit, value, restartBySlot);
    }
}
