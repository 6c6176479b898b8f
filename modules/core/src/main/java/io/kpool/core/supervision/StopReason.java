package io.kpool.core.supervision;

/**
 * Why a supervisor stops a worker it runs. A stop it asks for the worker's group or for its own
 * shutdown is no crash; a stop for a timeout is one, and names the crash.
 */
enum StopReason {
    /** The supervisor stops: every worker drains. */
    SHUTDOWN("shutdown", false),
    /** A sibling crashed under one_for_all or rest_for_one: the group starts again. */
    RESTART_GROUP("restart_group", false),
    /** No first heartbeat within the start timeout. */
    START_TIMEOUT("start_timeout", true),
    /** No heartbeat within the heartbeat timeout. */
    HEARTBEAT_TIMEOUT("heartbeat_timeout", true),
    /** One job ran past the job timeout. */
    JOB_TIMEOUT("job_timeout", true);

    private final String wireName;
    private final boolean crash;

    StopReason(String wireName, boolean crash) {
        this.wireName = wireName;
        this.crash = crash;
    }

    /** The reason as events and history say it. */
    String wireName() {
        return wireName;
    }

    /** Whether the worker's end counts as its crash (a timeout), not as a stop kpool asked for. */
    boolean crash() {
        return crash;
    }
}
