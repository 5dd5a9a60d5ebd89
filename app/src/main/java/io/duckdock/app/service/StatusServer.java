package io.duckdock.app.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.duckdock.config.HttpConfig;
import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP endpoint on the JDK server: {@code GET /health}, {@code /status} (JSON) and
 * {@code /metrics} (Prometheus text). With {@code http.token} set, every request must carry {@code
 * Authorization: Bearer <token>}; a bind address other than loopback is refused without a token.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<byte[]> token;

    private StatusServer(HttpServer server, ExecutorService executor, Optional<String> token) {
        this.server = server;
        this.executor = executor;
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Binds the address (port 0 = any free port) without answering yet; {@link #start} answers.
     *
     * @throws UnsafeBindException when the address is not loopback and no token is set, or cannot
     *     be resolved or bound
     */
    public static StatusServer bind(HttpConfig config) {
        InetAddress address = checkSafe(config);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, config.port()), 16);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "duckdock-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            return new StatusServer(server, executor, config.token());
        } catch (IOException e) {
            throw new UnsafeBindException("Cannot listen on "
                    + config.bind()
                    + ":"
                    + config.port()
                    + " ("
                    + e.getMessage()
                    + "); set http.port to a free port (0 = any) or http.enabled=false.");
        }
    }

    /**
     * @return the address to bind
     * @throws UnsafeBindException when it is not loopback and no token is set, or does not resolve
     */
    static InetAddress checkSafe(HttpConfig config) {
        InetAddress address = resolve(config.bind());
        if (!address.isLoopbackAddress() && config.token().isEmpty()) {
            throw new UnsafeBindException("http.bind is "
                    + config.bind()
                    + ", which is not a loopback address, and http.token is empty: anyone who can reach"
                    + " it could read the service's status; set http.token (clients then send"
                    + " 'Authorization: Bearer <token>') or bind to 127.0.0.1.");
        }
        return address;
    }

    private static InetAddress resolve(String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UnsafeBindException(
                    "http.bind " + bind + " is not an address of this machine; use e.g. 127.0.0.1.");
        }
    }

    /** Starts answering: health from {@code monitor}, status from {@code status}, metrics. */
    public void start(ServiceMonitor monitor, Supplier<StatusReport> status, ServiceMetrics metrics) {
        route("/health", () -> health(monitor));
        route(
                "/status",
                () -> new Response(200, "application/json", status.get().toJson() + "\n"));
        route("/metrics", () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.start();
    }

    private static Response health(ServiceMonitor monitor) {
        return monitor.unhealthyReason()
                .map(reason -> new Response(503, "text/plain; charset=utf-8", "unhealthy: " + reason + "\n"))
                .orElseGet(() -> new Response(200, "text/plain; charset=utf-8", "ok\n"));
    }

    /** {@code http://host:port}, with the port actually bound. */
    public String address() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + bound.getPort();
    }

    private void route(String path, Supplier<Response> body) {
        server.createContext(path, exchange -> handle(exchange, path, body));
    }

    private void handle(HttpExchange exchange, String path, Supplier<Response> body) throws IOException {
        try (exchange) {
            Response response;
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                response = Response.text(401, "missing or wrong bearer token (http.token)\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                response = Response.text(405, "only GET is supported\n");
            } else if (!exchange.getRequestURI().getPath().equals(path)) {
                response = Response.text(404, "not found; try /health, /status or /metrics\n");
            } else {
                response = answer(path, body);
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Response answer(String path, Supplier<Response> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            LOG.error("{}: {}", path, e.getMessage(), e);
            return Response.text(500, path + " failed: " + e.getMessage() + "\n");
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.get());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Response(int status, String contentType, String body) {
        static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body);
        }
    }

    /** The endpoint must not start as configured; the message names the key to change. */
    public static final class UnsafeBindException extends DuckDockException {
        private static final long serialVersionUID = 1L;

        UnsafeBindException(String message) {
            super(ErrorCategory.CONFIGURATION, message);
        }
    }
}
