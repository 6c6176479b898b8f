package io.kpool.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page, its script, style and icon, read once from this jar: nothing comes from the network.
 *
 * @param page   {@code index.html}
 * @param files  the other assets by name under {@code /dashboard/}
 */
record Assets(Asset page, Map<String, Asset> files) {

    private static final String ROOT = "/io/kpool/dashboard/assets/";

    /** One file and its content type. */
    record Asset(byte[] bytes, String contentType) {
    }

    static Assets load() {
        return new Assets(asset("index.html", "text/html; charset=utf-8"), Map.of(
                "dashboard.js", asset("dashboard.js", "text/javascript; charset=utf-8"),
                "dashboard.css", asset("dashboard.css", "text/css; charset=utf-8"),
                "favicon.svg", asset("favicon.svg", "image/svg+xml")));
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = Assets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar (" + ROOT + name + ")");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + name, e);
        }
    }
}
