package io.duckdock.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.duckdock.app.service.RejectedFiles.Rejected;
import io.duckdock.cluster.ClusterStatus;
import io.duckdock.ingest.history.IngestHistory;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /status} answers and {@code duckdock status} prints. Times are ISO-8601 UTC
 * strings.
 *
 * @param source {@code service} when the running service answered, {@code warehouse} when read
 *     from the files while no service answered
 * @param lastBatches newest first
 * @param rejectedFiles files in {@code rejected/}, newest first
 * @param tasks the service's scheduled jobs; empty when no service answered
 * @param nodes the answering node's role and the nodes it knows; null when no service answered
 * @param lake the lake's Iceberg events table; null when lake.enabled is false
 */
public record StatusReport(
        String at,
        String source,
        Service service,
        Backlog backlog,
        List<BatchSummary> lastBatches,
        List<Rejected> rejectedFiles,
        Throughput throughput,
        List<Task> tasks,
        Nodes nodes,
        Lake lake) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public StatusReport {
        lastBatches = List.copyOf(lastBatches);
        rejectedFiles = List.copyOf(rejectedFiles);
        tasks = List.copyOf(tasks);
    }

    /**
     * @param holder what the holder of the ingester lock wrote (PID, host, since); null if free
     * @param address the HTTP address it answers on; null if none answered
     */
    public record Service(boolean running, String holder, String address) {}

    /** Events ingested by the batches that finished within the last {@code windowSeconds}. */
    public record Throughput(long windowSeconds, long events, long files, double eventsPerSecond) {
        static Throughput of(IngestHistory.Throughput throughput) {
            return new Throughput(
                    throughput.window().toSeconds(),
                    throughput.events(),
                    throughput.files(),
                    throughput.eventsPerSecond());
        }
    }

    /**
     * The nodes that may ingest.
     *
     * @param mode {@code single}, {@code standby} (services waiting on one home's lock) or {@code
     *     cluster} (nodes sharing a PostgreSQL)
     * @param node the node that answered, {@code host/pid}
     * @param role its role: {@code active} or {@code standby}
     * @param activeNode which node ingests, as far as the answering node knows
     * @param lastTakeover when a node last became active; null if unknown
     * @param members every node the cluster database knows, newest check-in first (cluster only)
     * @param replica the answering node's replica of the lake while it stands by in a cluster; else null
     */
    public record Nodes(
            String mode,
            String node,
            String role,
            String activeNode,
            String lastTakeover,
            List<Member> members,
            Replica replica) {
        static Nodes of(ClusterStatus status) {
            return new Nodes(
                    status.mode(),
                    status.node(),
                    status.role(),
                    status.activeNode(),
                    status.lastTakeover().map(Instant::toString).orElse(null),
                    status.members().stream()
                            .map(m -> new Member(
                                    m.node(),
                                    m.home(),
                                    m.role(),
                                    m.startedAt().toString(),
                                    m.seenAt().toString(),
                                    m.activeSince().map(Instant::toString).orElse(null),
                                    m.replica().map(ClusterStatus.Lag::batch).orElse(null),
                                    m.replica()
                                            .map(ClusterStatus.Lag::lagBatches)
                                            .orElse(null),
                                    m.replica()
                                            .map(r -> r.lag().toMillis() / 1000.0)
                                            .orElse(null)))
                            .toList(),
                    status.replica()
                            .map(r -> new Replica(
                                    r.batch(),
                                    r.lakeBatch(),
                                    r.lagBatches(),
                                    r.lag().toMillis() / 1000.0,
                                    r.checkedAt().toString(),
                                    r.problem()))
                            .orElse(null));
        }
    }

    /**
     * A node of the cluster; role {@code gone} when it stopped checking in. For a standby, its replica
     * at its last check-in: the last batch it holds, how many batches it lacked, the lag in seconds of
     * the batches it applied last (null for the active node, whose warehouse is the writer's).
     */
    public record Member(
            String node,
            String home,
            String role,
            String startedAt,
            String seenAt,
            String activeSince,
            Long replicaBatch,
            Long lagBatches,
            Double lagSeconds) {}

    /**
     * A standby's warehouse as a replica of the lake, at its last pass.
     *
     * @param batch the last batch it holds
     * @param lakeBatch the last batch in the lake when the pass read it
     * @param lagBatches batches the lake had that the replica still lacked after the pass
     * @param lagSeconds how long the batches the pass applied had been in the lake (the longest)
     * @param checkedAt when that pass finished
     * @param problem why the last pass was skipped or failed; null when it ran
     */
    public record Replica(
            long batch, long lakeBatch, long lagBatches, double lagSeconds, String checkedAt, String problem) {}

    /** The lake's events table: its current snapshot and the last batch it publishes. */
    public record Lake(
            String table,
            Long snapshotId,
            String committedAt,
            String operation,
            long lastBatchId,
            int snapshots,
            String problem) {
        static Lake of(io.duckdock.config.DuckDockConfig config) {
            if (!config.lake().enabled()) {
                return null;
            }
            io.duckdock.ingest.lake.LakeStatus status = io.duckdock.ingest.lake.LakeStatus.read(config);
            return new Lake(
                    status.table(),
                    status.snapshotId(),
                    status.committedAt(),
                    status.operation(),
                    status.lastBatchId(),
                    status.snapshots(),
                    status.problem());
        }
    }

    /** A scheduled job and how it fared. */
    public record Task(String name, long runs, long failures, String lastSuccess, String lastError) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the status as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not a status report
     */
    public static StatusReport fromJson(String json) {
        try {
            return JSON.readValue(json, StatusReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a DuckDock status report: " + e.getOriginalMessage(), e);
        }
    }
}
