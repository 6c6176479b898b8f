package io.kpool.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The command lines of the kpool processes the bench starts, written by the kpool command line (which
 * declares their flags) from what the bench asks of each process: the arguments after the kpool command.
 * The bench names no kpool flag of its own; {@code options} are only the extra options a scenario adds, as
 * a user would type them to that command (e.g. {@code --spares 1}), read as the process reads them.
 */
public interface RoleLaunches {

    /** {@code kpool supervisor ...}. */
    List<String> supervisor(Supervisor supervisor);

    /** {@code kpool dispatcher ...}. */
    List<String> dispatcher(Dispatcher dispatcher);

    /** {@code kpool bench member ...}. */
    List<String> member(Member member);

    /**
     * A supervisor of {@code workers} workers on a pool's topics.
     *
     * @param bootstrap   Kafka bootstrap servers
     * @param prefix      the pool's topic prefix
     * @param kafkaConfig the client properties file of it and its workers, or null for none
     * @param workers     how many slots it supervises, 0..workers-1
     * @param name        its name in slot states and events
     * @param runDir      where its worker logs and black boxes go
     * @param parentPid   the process it exits with
     * @param options     extra {@code kpool supervisor} options, e.g. {@code --spares 1}
     */
    record Supervisor(String bootstrap, String prefix, Path kafkaConfig, int workers, String name, Path runDir,
                      long parentPid, List<String> options) {

        public Supervisor {
            Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
            Objects.requireNonNull(prefix, "prefix cannot be null");
            options = List.copyOf(options);
        }
    }

    /**
     * A dispatcher of a pool.
     *
     * @param bootstrap   Kafka bootstrap servers
     * @param prefix      the pool's topic prefix
     * @param kafkaConfig its client properties file, or null for none
     * @param id          its name, part of its transactional id
     * @param parentPid   the process it exits with
     * @param options     extra {@code kpool dispatcher} options, e.g. {@code --dispatch least-busy}
     */
    record Dispatcher(String bootstrap, String prefix, Path kafkaConfig, String id, long parentPid,
                      List<String> options) {

        public Dispatcher {
            Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
            Objects.requireNonNull(prefix, "prefix cannot be null");
            options = List.copyOf(options);
        }
    }

    /**
     * A member of the plain consumer-group pool.
     *
     * @param bootstrap   Kafka bootstrap servers
     * @param kafkaConfig its client properties file, or null for none
     * @param input       the topic of the jobs
     * @param output      the topic of the results
     * @param group       the consumer group
     * @param staticId    its static group member id, or null for a dynamic member
     * @param parentPid   the process it exits with
     * @param options     extra {@code kpool bench member} options, e.g. {@code --handler sleep}
     */
    record Member(String bootstrap, Path kafkaConfig, String input, String output, String group, String staticId,
                  long parentPid, List<String> options) {

        public Member {
            Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
            Objects.requireNonNull(input, "input cannot be null");
            Objects.requireNonNull(output, "output cannot be null");
            Objects.requireNonNull(group, "group cannot be null");
            options = List.copyOf(options);
        }
    }
}
