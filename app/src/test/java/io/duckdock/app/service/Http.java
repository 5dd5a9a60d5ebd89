package io.duckdock.app.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GETs against a status endpoint, and reading one value out of a Prometheus scrape. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    static HttpResponse<String> get(String address, String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(address + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String address, String path) throws Exception {
        return get(address, path, null);
    }

    /** The value of sample {@code name} (optionally with labels, e.g. {@code job="ingest"}). */
    static double metric(String scrape, String name, String labels) {
        String labelPart = labels == null ? "" : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\}";
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + labelPart + " (\\S+)$")
                .matcher(scrape);
        if (!matcher.find()) {
            throw new AssertionError("no sample " + name + " " + labels + " in:\n" + scrape);
        }
        return Double.parseDouble(matcher.group(1));
    }

    static double metric(String scrape, String name) {
        return metric(scrape, name, null);
    }
}
