/**
 * What a long-running kpool role shows of itself over HTTP: its metrics in Prometheus' text format
 * (made with Micrometer), whether its main loop turns ({@code /healthz}) and whether it is ready
 * ({@code /readyz}). Workers open no port: their supervisor exports their figures.
 */
package io.kpool.observe;
