package io.duckdock.app;

import java.util.LinkedHashMap;
import java.util.Map;

/** The parsed {@link GlobalOptions} of one invocation. */
final class GlobalSettings {
    String home;
    final Map<String, String> overrides = new LinkedHashMap<>();
    boolean verbose;
}
