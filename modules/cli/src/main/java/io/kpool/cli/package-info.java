/**
 * The {@code kpool} command line (picocli): {@code up} runs a whole pool on one machine;
 * {@code submit}, {@code status}, {@code watch} and {@code dashboard} use one; {@code audit},
 * {@code dead-letters} and {@code replay} are the operator's: check the outcomes, read the dead
 * letters' evidence, re-submit them once fixed; {@code dispatcher}, {@code supervisor} and
 * {@code worker} run one role each. The reading and writing is {@code io.kpool.client}'s; here is
 * only the command line and the formatting. Every option can also come from an environment
 * variable: {@code --heartbeat-timeout} from {@code KPOOL_HEARTBEAT_TIMEOUT}.
 */
package io.kpool.cli;
