package io.duckdock.app.stage;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.app.StagingWriters;
import io.duckdock.app.output.Progress;
import io.duckdock.staging.StagingWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Converts JSON Lines and CSV files into staged Parquet files. */
@Command(
        name = "stage",
        mixinStandardHelpOptions = true,
        description = {
            "Stage events from JSON Lines (.jsonl, .ndjson) or CSV (.csv, with a header row) files.",
            "Fields: event_id (UUID, optional), conversation_id, experiment_id (optional), event_type,"
                    + " timestamp (ISO-8601 with offset, or epoch microseconds),"
                    + " event_data (JSON, optional).",
            "Bad lines are reported as FILE:LINE: REASON and written to FILE.rejects.jsonl;"
                    + " good lines are staged anyway."
        })
public final class StageCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files.")
    private List<Path> files;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<Path, InputFormat> inputs = checkInputs();
        CommandContext context = CommandContext.load(spec);
        context.stagingDirectory();
        long totalBytes = 0;
        for (Path file : inputs.keySet()) {
            totalBytes += Files.size(file);
        }
        AtomicLong bytesRead = new AtomicLong();
        List<FileStager.FileResult> results = new ArrayList<>();
        String producerId = "stage-" + ProcessHandle.current().pid();
        Progress progress = Progress.start("stage", totalBytes, Progress.Unit.BYTES, bytesRead::get, err);
        try (StagingWriter writer = StagingWriters.open(context, producerId)) {
            FileStager stager = new FileStager(writer, bytesRead, err);
            for (Map.Entry<Path, InputFormat> input : inputs.entrySet()) {
                results.add(stager.stage(input.getKey(), input.getValue()));
            }
        } finally {
            progress.close();
        }
        boolean anyRejected = false;
        for (FileStager.FileResult result : results) {
            out.println(result.summary());
            anyRejected |= result.anyRejected();
        }
        out.flush();
        return anyRejected ? ExitCodes.INPUT_REJECTED : ExitCodes.OK;
    }

    /** Every input exists and has a known format, checked before anything is staged. */
    private Map<Path, InputFormat> checkInputs() {
        Map<Path, InputFormat> inputs = new LinkedHashMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw CommandFailedException.usage("Input file "
                        + file
                        + (Files.exists(file) ? " is not a regular file" : " does not exist")
                        + "; nothing was staged.");
            }
            InputFormat format = InputFormat.of(file)
                    .orElseThrow(() -> CommandFailedException.usage("Cannot tell the format of "
                            + file
                            + ": name it .jsonl, .ndjson or .csv; nothing was staged."));
            inputs.put(file, format);
        }
        return inputs;
    }
}
