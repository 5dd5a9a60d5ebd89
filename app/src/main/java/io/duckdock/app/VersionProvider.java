package io.duckdock.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven records in the jar; "development build" when run from classes. */
final class VersionProvider implements IVersionProvider {
    private static final String POM_PROPERTIES = "/META-INF/maven/io.duckdock/duckdock-app/pom.properties";

    @Override
    public String[] getVersion() throws IOException {
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return new String[] {"DuckDock (development build)"};
            }
            Properties properties = new Properties();
            properties.load(in);
            return new String[] {"DuckDock " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
