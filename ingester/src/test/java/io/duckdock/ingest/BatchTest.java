package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch against a real in-memory DuckDB and real Parquet files. */
class BatchTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void setUp() {
        connection = Warehouse.openForWriting(":memory:", TestHomes.config(dir).warehouse(), Duration.ZERO);
    }

    @AfterEach
    void tearDown() throws Exception {
        connection.close();
    }

    private static Batch.Input input(Path file) {
        FileProbe.Result probe = FileProbe.probe(file);
        return new Batch.Input(file, file.getFileName().toString(), probe.schema(), probe.rows());
    }

    private boolean tableExists(String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM duckdb_tables() WHERE table_name = '" + name + "'")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    @Test
    void plan_rejectsTheFilesOfASchemaThatCannotBeConvertedAndKeepsTheOthersByGroup() {
        Path good = Parquet.events(dir.resolve("good.parquet"), "c", 2, 10, T0);
        Path noType = Parquet.write(
                dir.resolve("no-type.parquet"),
                "SELECT 'c' AS conversation_id, make_timestamp(" + T0 + ") AS \"timestamp\"");

        try (Batch batch = Batch.plan(connection, List.of(input(good), input(noType)), dir.resolve("aliases"))) {
            assertThat(batch.rejection(0)).isEmpty();
            assertThat(batch.rows(0)).isEqualTo(10);
            assertThat(batch.rejection(1)).contains("lacks the required column 'event_type'");
            assertThat(batch.accepted())
                    .singleElement()
                    .satisfies(g -> assertThat(g.files()).hasSize(1));
            assertThat(batch.rowsChecked()).isFalse();
        }
    }

    @Test
    void checkRows_rejectsOnlyTheFileWithABadRowNamingItsFirstBadRow() throws Exception {
        Path good = Parquet.events(dir.resolve("good.parquet"), "c", 2, 10, T0);
        Path bad = Parquet.write(
                dir.resolve("bad.parquet"),
                "SELECT 'c' AS conversation_id, "
                        + "CASE WHEN i = 3 THEN '' ELSE 'e' END AS event_type, make_timestamp(" + T0
                        + ") AS \"timestamp\" "
                        + "FROM range(5) t(i)");

        try (Batch batch = Batch.plan(connection, List.of(input(good), input(bad)), dir.resolve("aliases"))) {
            batch.checkRows();

            assertThat(batch.rowsChecked()).isTrue();
            assertThat(batch.rejection(0)).isEmpty();
            assertThat(batch.rows(0)).isEqualTo(10);
            assertThat(batch.rejection(1)).contains("has invalid rows: row 4: event_type is null or empty");
            assertThat(batch.rows(1)).isZero();
        }
    }

    @Test
    void close_dropsTheBatchTableAndItsReadAliases() throws Exception {
        Path globName = Parquet.events(dir.resolve("glob[1]*.parquet"), "c", 1, 3, T0);
        Path aliases = dir.resolve("aliases");

        try (Batch batch = Batch.plan(connection, List.of(input(globName)), aliases)) {
            assertThat(batch.placeAcceptedFiles()).isEqualTo(3);
            assertThat(tableExists(Batch.FILES_TABLE)).isTrue();
            assertThat(aliases).isNotEmptyDirectory();
        }

        assertThat(tableExists(Batch.FILES_TABLE)).isFalse();
        assertThat(Files.exists(aliases)).isFalse();
    }
}
