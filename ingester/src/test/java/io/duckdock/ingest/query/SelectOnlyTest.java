package io.duckdock.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The read-only statement check on its own, with DuckDB's parser and no CLI, home or warehouse. */
class SelectOnlyTest {
    private static Connection connection;

    @BeforeAll
    static void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "select 1 -- a trailing comment",
                "SELECT 1;",
                "WITH t AS (SELECT 1 AS x) SELECT x FROM t",
                "FROM range(3)",
                "SELECT 1 UNION ALL SELECT 2",
                "DESCRIBE SELECT 1",
                "SUMMARIZE SELECT 1 AS x"
            })
    void check_acceptsOneSelect(String sql) {
        assertThatCode(() -> SelectOnly.check(connection, sql)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "INSERT INTO t VALUES (1)|INSERT",
                "CREATE TABLE t (x INTEGER)|CREATE",
                "DROP TABLE t|DROP",
                "COPY (SELECT 1) TO 'x.csv'|COPY",
                "ATTACH 'x.duckdb' AS x|ATTACH",
                "SET threads = 1|SET",
                "PRAGMA version|PRAGMA",
                "INSTALL httpfs|INSTALL",
                "LOAD httpfs|LOAD",
                "/* hidden */ DELETE FROM t|DELETE"
            })
    void check_refusesEveryOtherStatementKindNamingIt(String sql, String kind) {
        assertThatThrownBy(() -> SelectOnly.check(connection, sql))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessage("duckdock query is read-only: " + kind
                        + " statements are refused; run a single SELECT (or WITH ... SELECT).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1; SELECT 2", "SELECT 1; DROP TABLE t"})
    void check_refusesSeveralStatements(String sql) {
        assertThatThrownBy(() -> SelectOnly.check(connection, sql))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessageStartingWith("duckdock query is read-only: only a single SELECT statement is accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELEC 1", "SELECT FROM WHERE"})
    void check_givesTheParsersMessageForSqlThatDoesNotParse(String sql) {
        assertThatThrownBy(() -> SelectOnly.check(connection, sql))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageStartingWith("Parser Error: ");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "  insert into t values (1)|INSERT",
                "/* note */ copy t TO 'x'|COPY",
                "with x as (select 1) delete|WITH ... (non-SELECT)"
            })
    void kind_isTheLeadingKeywordAfterCommentsAndSpace(String sql, String kind) {
        assertThat(SelectOnly.kind(sql)).isEqualTo(kind);
    }
}
