package io.duckdock.app.service;

import io.duckdock.app.output.TextTable;
import io.duckdock.app.output.Units;
import java.io.PrintWriter;
import java.time.Duration;

/** {@code duckdock status} for a person. */
final class StatusText {
    private StatusText() {}

    static void print(StatusReport report, PrintWriter out) {
        StatusReport.Service service = report.service();
        if (!service.running()) {
            out.println("Service:    not running (no process holds the ingester lock)");
        } else {
            out.println("Service:    running ("
                    + (service.holder() == null ? "holder unknown" : service.holder())
                    + ")"
                    + (service.address() == null
                            ? "; its HTTP endpoint did not answer"
                            : ", answering on " + service.address()));
        }
        StatusReport.Nodes nodes = report.nodes();
        if (nodes != null && !nodes.mode().equals("single")) {
            out.println("Nodes:      "
                    + nodes.mode()
                    + "; "
                    + nodes.node()
                    + " is "
                    + nodes.role()
                    + "; active: "
                    + nodes.activeNode()
                    + "; last takeover: "
                    + (nodes.lastTakeover() == null ? "none yet" : nodes.lastTakeover()));
            StatusReport.Replica replica = nodes.replica();
            if (replica != null) {
                out.printf(
                        "Replica:    batch %d of the lake's %d: %d batches behind, lag %.1f s (checked %s)%s%n",
                        replica.batch(),
                        replica.lakeBatch(),
                        replica.lagBatches(),
                        replica.lagSeconds(),
                        replica.checkedAt(),
                        replica.problem() == null ? "" : "; " + replica.problem());
            }
            if (!nodes.members().isEmpty()) {
                TextTable members = new TextTable("node", "role", "active since", "last seen", "replica lag", "home");
                for (StatusReport.Member member : nodes.members()) {
                    members.row(
                            member.node(),
                            member.role(),
                            member.activeSince() == null ? "-" : member.activeSince(),
                            member.seenAt(),
                            member.replicaBatch() == null
                                    ? "-"
                                    : String.format(
                                            "%d batches, %.1f s (at batch %d)",
                                            member.lagBatches(), member.lagSeconds(), member.replicaBatch()),
                            member.home());
                }
                members.print(out);
            }
        }
        Backlog backlog = report.backlog();
        out.println("Backlog:    "
                + Units.count(backlog.files())
                + " files, "
                + Units.bytes(backlog.bytes())
                + (backlog.oldestFile() == null
                        ? ""
                        : String.format(", oldest %.0f s (%s)", backlog.oldestAgeSeconds(), backlog.oldestFile())));
        StatusReport.Throughput throughput = report.throughput();
        out.printf(
                "Throughput: %s events in %s files over the last %d min (%.1f events/s)%n",
                Units.count(throughput.events()),
                Units.count(throughput.files()),
                throughput.windowSeconds() / 60,
                throughput.eventsPerSecond());
        printLake(report.lake(), out);
        out.println();
        if (report.lastBatches().isEmpty()) {
            out.println("Last batches: none yet");
        } else {
            out.println("Last batches:");
            TextTable batches = new TextTable("batch", "finished", "files", "rejected", "events", "duration");
            for (BatchSummary batch : report.lastBatches()) {
                batches.row(
                        Long.toString(batch.batchId()),
                        batch.finishedAt(),
                        Integer.toString(batch.files()),
                        Integer.toString(batch.rejected()),
                        Units.count(batch.events()),
                        Units.seconds(Duration.ofMillis(batch.durationMs())));
            }
            batches.print(out);
        }
        out.println();
        if (report.rejectedFiles().isEmpty()) {
            out.println("Rejected files: none");
        } else {
            out.println("Rejected files (" + report.rejectedFiles().size() + "; fix, then duckdock requeue):");
            TextTable rejected = new TextTable("file", "rejected at", "reason");
            report.rejectedFiles().forEach(r -> rejected.row(r.file(), r.rejectedAt(), r.reason()));
            rejected.print(out);
        }
        if (!report.tasks().isEmpty()) {
            out.println();
            out.println("Jobs:");
            TextTable tasks = new TextTable("job", "runs", "failures", "last success", "last error");
            for (StatusReport.Task task : report.tasks()) {
                tasks.row(
                        task.name(),
                        Long.toString(task.runs()),
                        Long.toString(task.failures()),
                        task.lastSuccess() == null ? "-" : task.lastSuccess(),
                        task.lastError() == null ? "-" : task.lastError());
            }
            tasks.print(out);
        }
        out.flush();
    }

    /** One line for the lake's Iceberg table: its current snapshot and the last published batch. */
    static void printLake(StatusReport.Lake lake, PrintWriter out) {
        if (lake == null) {
            out.println("Lake:       off (lake.enabled = false)");
        } else if (lake.problem() != null) {
            out.println("Lake:       " + lake.table() + " cannot be read: " + lake.problem());
        } else if (lake.snapshotId() == null) {
            out.println("Lake:       " + lake.table() + " (Iceberg), no batch published yet");
        } else {
            out.println("Lake:       "
                    + lake.table()
                    + " (Iceberg), snapshot "
                    + lake.snapshotId()
                    + " ("
                    + lake.operation()
                    + ", "
                    + lake.committedAt()
                    + "), published up to batch "
                    + lake.lastBatchId()
                    + ", "
                    + lake.snapshots()
                    + " snapshots kept");
        }
    }
}
