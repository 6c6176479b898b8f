/**
 * The {@code kpool} command line (picocli): {@code up} runs a whole pool on one machine;
 * {@code submit}, {@code status}, {@code watch} and {@code dashboard} use one; {@code dispatcher}, {@code supervisor}
 * and {@code worker} run one role each. Every option can also come from an environment variable:
 * {@code --heartbeat-timeout} from {@code KPOOL_HEARTBEAT_TIMEOUT}.
 */
package io.kpool.cli;
