package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaUpgradeTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final String HEADS_CONSTRAINTS = "SELECT constraint_type, constraint_column_names[1] "
            + "FROM duckdb_constraints() WHERE table_name = 'conversation_heads' ORDER BY 1, 2";

    @TempDir
    Path home;

    @Test
    void aWarehouseWithKeyedHeads_losesTheKeyKeepsEveryHeadAndContinuesFromThem() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        String db = config.layout().database();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 2, 10, T0);
        TestHomes.ingestOnce(config);
        // conversation_heads as warehouses created before 2026-11-30 declare it
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE conversation_heads RENAME TO heads_now");
            statement.execute("CREATE TABLE conversation_heads (conversation_id VARCHAR PRIMARY KEY, "
                    + "last_sequence BIGINT NOT NULL, last_batch_id BIGINT NOT NULL)");
            statement.execute("INSERT INTO conversation_heads SELECT * FROM heads_now");
            statement.execute("DROP TABLE heads_now");
        }
        assertThat(Warehouses.rows(db, HEADS_CONSTRAINTS)).contains(List.of("PRIMARY KEY", "conversation_id"));

        Parquet.events(config.layout().staging().resolve("b.parquet"), "c", 3, 9, T0 + 1_000_000_000L);
        IngestReport second = TestHomes.ingestOnce(config);

        assertThat(second.eventsIngested()).isEqualTo(9);
        assertThat(Warehouses.rows(db, HEADS_CONSTRAINTS))
                .containsExactly(
                        List.of("NOT NULL", "conversation_id"),
                        List.of("NOT NULL", "last_batch_id"),
                        List.of("NOT NULL", "last_sequence"));
        assertThat(Warehouses.rows(db, "SELECT * FROM conversation_heads ORDER BY 1"))
                .containsExactly(List.of("c-0", "8", "2"), List.of("c-1", "8", "2"), List.of("c-2", "3", "2"));
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
    }
}
