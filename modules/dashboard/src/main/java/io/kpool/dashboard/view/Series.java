package io.kpool.dashboard.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Throughput and latency, one point a second, oldest first. A second without results has 0
 * results and no latency (null).
 *
 * @param lastSecond the second of the last point (epoch seconds); point {@code i} of {@code n} is
 *                   second {@code lastSecond - n + 1 + i}
 * @param results    results completed in each second
 * @param p50        their median latency, submitted → completed (ms)
 * @param p99        their 99th percentile latency (ms)
 * @param max        their largest latency (ms)
 */
public record Series(long lastSecond, List<Long> results, List<Long> p50, List<Long> p99, List<Long> max) {

    public Series {
        results = List.copyOf(results);
        p50 = Collections.unmodifiableList(new ArrayList<>(p50));
        p99 = Collections.unmodifiableList(new ArrayList<>(p99));
        max = Collections.unmodifiableList(new ArrayList<>(max));
    }
}
