package io.duckdock.app.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckdock.app.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code duckdock query} once per SQL argument in this JVM, whose working directory the test
 * chooses, and writes each run's exit code, stdout and stderr to a JSON file.
 *
 * <p>Arguments: the results file, the home, then one SQL per query.
 */
public final class QueriesMain {
    private QueriesMain() {}

    public static void main(String[] args) throws Exception {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            CliRun run = CliRun.inHome(Path.of(args[1]), "query", "--format=csv", args[i]);
            runs.add(Map.of("exit", run.exitCode, "out", run.out, "err", run.err));
        }
        new ObjectMapper().writeValue(Path.of(args[0]).toFile(), runs);
    }
}
