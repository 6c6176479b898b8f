package io.kpool.observe;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/** The metrics registry of one role: Prometheus, with the JVM's own figures bound to it. */
public final class RoleMetrics {

    private RoleMetrics() {
    }

    /**
     * A registry whose every metric carries {@code role} and {@code pool} (the topic prefix), so
     * that several pools, or a dispatcher and a supervisor, scraped into one Prometheus stay apart.
     *
     * @param role the role, e.g. {@code dispatcher}
     * @param pool the pool's topic prefix
     */
    public static PrometheusMeterRegistry create(String role, String pool) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(List.of(Tag.of("role", role), Tag.of("pool", pool)));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
