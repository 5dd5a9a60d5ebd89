package io.duckdock.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code duckdock run} in its own JVM (this test classpath), its output in {@code <home>/run.log}. */
public final class ServiceProcess {
    private ServiceProcess() {}

    /** Starts the service on {@code home} with the HTTP endpoint off and the given {@code --set} values
     * ({@code key=value}) and options ({@code --standby}). */
    public static Process start(Path home, String... settings) throws IOException {
        return startLogging(home, home.resolve("run.log"), settings);
    }

    /** As {@link #start}, with the output in {@code log}: for several services on one home. */
    public static Process startLogging(Path home, Path log, String... settings) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // DuckDB unpacks its 69 MB native library into java.io.tmpdir and a SIGKILL leaves it there: keep it in
        // the test's own directory, which JUnit deletes
        command.add("-Djava.io.tmpdir="
                + java.nio.file.Files.createTempDirectory(log.toAbsolutePath().getParent(), ".jvm-tmp-"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DuckDockCli.class.getName());
        command.add("run");
        command.add("--home=" + home);
        command.add("--set=http.enabled=false");
        for (String setting : settings) {
            command.add(setting.startsWith("--") ? setting : "--set=" + setting);
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
