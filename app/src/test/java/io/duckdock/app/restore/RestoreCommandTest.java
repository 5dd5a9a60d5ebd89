package io.duckdock.app.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import io.duckdock.app.ExitCodes;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final String EVENTS =
            "SELECT event_id, sequence, event_offset, batch_id FROM events ORDER BY event_offset";

    @TempDir
    Path home;

    private String database() {
        return home.resolve("warehouse.duckdb").toString();
    }

    private void ingestTwoBatches() throws Exception {
        Path staging = Files.createDirectories(home.resolve("staging"));
        Parquet.events(staging.resolve("a.parquet"), "c", 3, 40, T0);
        assertThat(CliRun.inHome(home, "ingest").exitCode).isEqualTo(ExitCodes.OK);
        Parquet.events(staging.resolve("b.parquet"), "c", 3, 30, T0 + 1_000_000L);
        assertThat(CliRun.inHome(home, "ingest").exitCode).isEqualTo(ExitCodes.OK);
    }

    @Test
    void restore_rebuildsALostWarehouseAndPrintsWhatItRestored() throws Exception {
        ingestTwoBatches();
        List<List<String>> before = Warehouses.rows(database(), EVENTS);
        Files.delete(Path.of(database()));

        CliRun run = CliRun.inHome(home, "restore");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out)
                .startsWith("restored 70 events, 2 batches (published up to batch 2), 2 ledger rows, 3 conversations"
                        + " into "
                        + database());
        assertThat(run.err).contains("restore: events").contains("restore: file ledger");
        assertThat(Warehouses.rows(database(), EVENTS)).isEqualTo(before);
    }

    @Test
    void restore_refusesToOverwriteAnExistingWarehouseWithoutForce() throws Exception {
        ingestTwoBatches();

        CliRun refused = CliRun.inHome(home, "restore");

        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err)
                .contains(database()
                        + " exists; restore refuses to overwrite it. Move it away, or pass --force to"
                        + " replace it with the warehouse rebuilt from the lake "
                        + home.resolve("lake"));

        CliRun forced = CliRun.inHome(home, "restore", "--force");

        assertThat(forced.exitCode).as(forced.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Warehouses.count(database(), "SELECT count(*) FROM events")).isEqualTo(70);
    }
}
