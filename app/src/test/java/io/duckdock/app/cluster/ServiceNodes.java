package io.duckdock.app.cluster;

import io.duckdock.app.Poll;
import io.duckdock.app.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Several {@code duckdock run} JVMs, each logging to its own file, and which of them is active. */
final class ServiceNodes implements AutoCloseable {
    static final String ACTIVE_LINE = "is now the active ingester";
    static final String LOST_LINE = "lost the active role";

    record Node(String name, Process process, Path log, Path home) {
        /** Alive, and its last word on its role was a takeover. */
        boolean active() {
            String output = read(log);
            return process.isAlive() && output.lastIndexOf(ACTIVE_LINE) > output.lastIndexOf(LOST_LINE);
        }

        String output() {
            return read(log);
        }
    }

    private final Path logs;
    private final List<Node> nodes = new ArrayList<>();
    private int started;

    ServiceNodes(Path logs) {
        this.logs = logs;
    }

    Node start(Path home, String... settings) throws IOException {
        String name = "node-" + ++started;
        Path log = logs.resolve(name + ".log");
        Node node = new Node(name, ServiceProcess.startLogging(home, log, settings), log, home);
        nodes.add(node);
        return node;
    }

    /** The one live node that logged its takeover; empty while none has. */
    /**
     * Starts {@code count} nodes of {@code cluster}: the first alone until it has taken the active role
     * (within {@code firstTakeover}), then the others as its standbys.
     */
    void startCluster(ClusterHomes cluster, int count, Duration firstTakeover) throws Exception {
        start(cluster.newHome(), cluster.settings());
        Poll.until("the first node takes over", firstTakeover, () -> active().isPresent());
        for (int i = 1; i < count; i++) {
            start(cluster.newHome(), cluster.settings());
        }
    }

    Optional<Node> active() {
        List<Node> active = nodes.stream().filter(Node::active).toList();
        if (active.size() > 1) {
            throw new AssertionError("two live nodes are active: " + active);
        }
        return active.stream().findFirst();
    }

    List<Node> alive() {
        return nodes.stream().filter(n -> n.process().isAlive()).toList();
    }

    String outputs() {
        StringBuilder all = new StringBuilder();
        for (Node node : nodes) {
            all.append("==== ")
                    .append(node.name())
                    .append('\n')
                    .append(node.output())
                    .append('\n');
        }
        return all.toString();
    }

    /** SIGTERM to every live node, and waits for them to stop. */
    void stopAll() throws InterruptedException {
        for (Node node : alive()) {
            node.process().destroy();
        }
        for (Node node : nodes) {
            if (!node.process().waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(node.name() + " did not stop within 60 s after SIGTERM:\n" + outputs());
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.process().destroyForcibly());
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
