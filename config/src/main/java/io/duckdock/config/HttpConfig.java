package io.duckdock.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP endpoint (health, metrics, ingestion).
 *
 * @param port TCP port; 0 = any free port
 * @param token bearer token required by the endpoint; empty = no authentication
 */
public record HttpConfig(boolean enabled, String bind, int port, Optional<String> token) {
    public static final boolean DEFAULT_ENABLED = true;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8642;

    public HttpConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(token, "token");
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "HttpConfig[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token="
                + token.map(t -> "****").orElse("none") + "]";
    }

    static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_ENABLED, DEFAULT_BIND, DEFAULT_PORT, Optional.empty());
    }
}
