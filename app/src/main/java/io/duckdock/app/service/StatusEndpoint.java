package io.duckdock.app.service;

import io.duckdock.config.DuckDockConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service's status endpoint: the HTTP server answering from the monitor and metrics. While it runs,
 * {@code <home>/http.address} holds its address so that {@code duckdock status} finds it whatever
 * port it got.
 */
public final class StatusEndpoint implements AutoCloseable {
    public static final String ADDRESS_FILE = "http.address";
    private static final Logger LOG = LoggerFactory.getLogger(StatusEndpoint.class);

    private final StatusServer server;
    private final Path addressFile;

    private StatusEndpoint(StatusServer server, Path addressFile) {
        this.server = server;
        this.addressFile = addressFile;
    }

    /**
     * Checks the http.* keys before anything starts.
     *
     * @throws StatusServer.UnsafeBindException naming the key to change
     */
    public static void check(DuckDockConfig config) {
        StatusServer.checkSafe(config.http());
    }

    /**
     * Binds http.bind:http.port and answers from {@code monitor} and {@code metrics}.
     *
     * @throws StatusServer.UnsafeBindException when the address is unsafe or cannot be bound
     */
    public static StatusEndpoint start(DuckDockConfig config, ServiceMonitor monitor, ServiceMetrics metrics) {
        StatusServer server = StatusServer.bind(config.http());
        Path lockFile = config.layout().lockFile();
        String address = server.address();
        server.start(monitor, () -> monitor.report(new StatusReport.Service(true, holder(lockFile), address)), metrics);
        Path addressFile = config.layout().home().resolve(ADDRESS_FILE);
        try {
            Files.writeString(addressFile, address + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn(
                    "{}: cannot record the HTTP address ({}); duckdock status falls back to http.port",
                    addressFile,
                    e.getMessage());
        }
        return new StatusEndpoint(server, addressFile);
    }

    public String address() {
        return server.address();
    }

    /** What the holder of the ingester lock wrote into it, or null when unreadable. */
    static String holder(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(addressFile);
        } catch (IOException e) {
            LOG.warn("{}: cannot delete ({})", addressFile, e.getMessage());
        }
    }
}
