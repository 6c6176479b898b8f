/**
 * kpool's live web dashboard. The public API is {@link io.kpool.dashboard.Dashboard} (start it on a
 * pool's Kafka, mount it on a JDK {@link com.sun.net.httpserver.HttpServer}) and its
 * {@link io.kpool.dashboard.DashboardSettings}. Inside: {@code PoolFeed}, the one Kafka consumer, on
 * the reader thread that also owns the view; {@code Board}, where the reader's snapshots are handed to
 * the pages; {@code SseClient}, one page's Server-Sent Events stream on a thread of its own;
 * {@code Routes}, the HTTP paths; {@code Assets}, the page, script and style from this jar. The model
 * itself, free of Kafka and threads, is in {@link io.kpool.dashboard.view}.
 */
package io.kpool.dashboard;
