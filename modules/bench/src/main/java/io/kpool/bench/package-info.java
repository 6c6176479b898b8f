/**
 * {@code kpool bench}: the ceiling (raw Kafka on the same broker), kpool end to end, the plain
 * consumer-group pool users would write instead, failover of both, and memory; reported as a
 * Markdown table, a JSON file and an SVG chart. Figures, never pass/fail.
 */
package io.kpool.bench;
