package io.duckdock.app.produce;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.DuckDockCli;
import io.duckdock.config.Durations;
import io.duckdock.error.ErrorCategory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs each producer of a plan in its own JVM ({@code produce-worker}), started with the same java
 * and class path as this one, and collects their progress and results.
 */
final class WorkerProcesses {
    private final CommandContext context;
    private final LoadPlan plan;
    private final long startMicros;
    private final AtomicLong progress;

    WorkerProcesses(CommandContext context, LoadPlan plan, long startMicros, AtomicLong progress) {
        this.context = context;
        this.plan = plan;
        this.startMicros = startMicros;
        this.progress = progress;
    }

    ProduceResult run() throws IOException, InterruptedException {
        List<Worker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < plan.producers(); i++) {
                workers.add(start(i));
            }
            ProduceResult total = ProduceResult.NONE;
            for (Worker worker : workers) {
                total = total.plus(worker.await());
            }
            return total;
        } finally {
            for (Worker worker : workers) {
                worker.process.destroy();
            }
        }
    }

    private Worker start(int share) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(share));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("DUCKDOCK_"));
        context.environment().forEach((name, value) -> {
            if (name.startsWith("DUCKDOCK_")) {
                environment.put(name, value);
            }
        });
        Worker worker = new Worker(share, builder.start());
        worker.reader.start();
        return worker;
    }

    private List<String> command(int share) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(memoryOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DuckDockCli.class.getName());
        command.add("produce-worker");
        command.add("--home=" + context.home());
        context.overrides().forEach((key, value) -> command.add("--set=" + key + "=" + value));
        command.add("--share=" + share);
        command.add("--producer-id=" + producerId(share));
        command.add("--conversations=" + plan.conversations());
        command.add("--events-per-conversation=" + plan.eventsPerConversation());
        command.add("--producers=" + plan.producers());
        command.add("--experiments=" + plan.experiments());
        command.add("--seed=" + plan.seed());
        command.add("--rate=" + plan.eventsPerSecond());
        command.add("--start-micros=" + startMicros);
        plan.maxDuration().ifPresent(d -> command.add("--duration=" + Durations.format(d)));
        return command;
    }

    /** This JVM's heap options, so that DUCKDOCK_JAVA_OPTS=-Xmx... applies to the workers too. */
    private static List<String> memoryOptions() {
        List<String> options = new ArrayList<>();
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-Xmx") || argument.startsWith("-Xms")) {
                options.add(argument);
            }
        }
        return options;
    }

    private static String producerId(int share) {
        return "produce-" + ProcessHandle.current().pid() + "-p" + share;
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** One running producer process and the thread reading its reports. */
    private final class Worker {
        private final int share;
        private final Process process;
        private final Thread reader;
        private final AtomicReference<ProduceResult> result = new AtomicReference<>();

        Worker(int share, Process process) {
            this.share = share;
            this.process = process;
            this.reader = new Thread(this::readReports, "duckdock-producer-" + share);
            this.reader.setDaemon(true);
        }

        private void readReports() {
            long reported = 0;
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Optional<Long> events = WorkerProtocol.parseProgress(line);
                    Optional<ProduceResult> finished = WorkerProtocol.parseResult(line);
                    if (finished.isPresent()) {
                        result.set(finished.get());
                        events = Optional.of(finished.get().events());
                    }
                    if (events.isPresent()) {
                        progress.addAndGet(events.get() - reported);
                        reported = events.get();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        ProduceResult await() throws InterruptedException {
            int exitCode = process.waitFor();
            reader.join();
            ProduceResult reported = result.get();
            if (exitCode != 0 || reported == null) {
                throw new CommandFailedException(
                        ErrorCategory.INTERNAL,
                        "Producer process " + share + " failed with exit code " + exitCode
                                + "; see its error messages above.");
            }
            return reported;
        }
    }
}
