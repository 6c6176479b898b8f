/**
 * kpool's decisions as pure, deterministic code: no Kafka, no threads, time from an injected
 * {@link java.time.InstantSource}. Each role's shell turns Kafka records and process exits into
 * calls on these classes and carries out what they answer.
 */
package io.kpool.core;
