/**
 * A real Kafka broker in the current JVM: single node, KRaft (broker and controller in one), its
 * storage formatted on first start. Used by {@code kpool up} and by the tests; not for production.
 */
package io.kpool.embedded;
