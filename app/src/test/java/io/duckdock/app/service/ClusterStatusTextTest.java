package io.duckdock.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code duckdock status} prints a cluster: the answering standby's replica and each node's lag. */
class ClusterStatusTextTest {
    private static String print(StatusReport.Nodes nodes) {
        StatusReport report = new StatusReport(
                "2026-11-30T15:00:00Z",
                "service",
                new StatusReport.Service(true, "PID 1", "http://127.0.0.1:8642"),
                new Backlog(0, 0, 0, null),
                List.of(),
                List.of(),
                new StatusReport.Throughput(300, 0, 0, 0),
                List.of(),
                nodes,
                null);
        // through JSON, as duckdock status reads /status
        StringWriter text = new StringWriter();
        StatusText.print(StatusReport.fromJson(report.toJson()), new PrintWriter(text));
        return text.toString();
    }

    @Test
    void aStandby_printsItsReplicaAndEveryNodesLag() {
        StatusReport.Nodes nodes = new StatusReport.Nodes(
                "cluster",
                "b/2",
                "standby",
                "a/1",
                "2026-11-30T14:59:00Z",
                List.of(
                        new StatusReport.Member(
                                "a/1",
                                "/h/a",
                                "active",
                                "2026-11-30T14:00:00Z",
                                "2026-11-30T15:00:00Z",
                                "2026-11-30T14:59:00Z",
                                null,
                                null,
                                null),
                        new StatusReport.Member(
                                "b/2",
                                "/h/b",
                                "standby",
                                "2026-11-30T14:00:00Z",
                                "2026-11-30T15:00:00Z",
                                null,
                                41L,
                                1L,
                                1.25)),
                new StatusReport.Replica(41, 42, 1, 1.25, "2026-11-30T14:59:59Z", null));

        String text = print(nodes);

        assertThat(text)
                .contains("Nodes:      cluster; b/2 is standby; active: a/1; last takeover: 2026-11-30T14:59:00Z")
                .contains("Replica:    batch 41 of the lake's 42: 1 batches behind, lag 1.3 s (checked "
                        + "2026-11-30T14:59:59Z)")
                .contains("replica lag")
                .contains("1 batches, 1.3 s (at batch 41)");
    }

    @Test
    void aSkippedPass_isNamed() {
        StatusReport.Nodes nodes = new StatusReport.Nodes(
                "cluster",
                "b/2",
                "standby",
                "a/1",
                null,
                List.of(),
                new StatusReport.Replica(
                        7, 9, 2, 0.5, "2026-11-30T14:59:59Z", "the warehouse is open elsewhere (an analyst's query?)"));

        assertThat(print(nodes))
                .contains(
                        "Replica:    batch 7 of the lake's 9: 2 batches behind, lag 0.5 s (checked 2026-11-30T14:59:59Z);"
                                + " the warehouse is open elsewhere (an analyst's query?)");
    }
}
