package io.duckdock.ingest.bench;

import io.duckdock.ingest.query.ReadOnlySql;
import java.util.ArrayList;
import java.util.List;

/** One timed query through {@link ReadOnlySql}, with its rows kept so both sides can be compared. */
record QueryRun(List<List<Object>> rows, double seconds) {
    static QueryRun of(ReadOnlySql sql, String query) {
        List<List<Object>> rows = new ArrayList<>();
        long start = System.nanoTime();
        sql.query(query, new ReadOnlySql.Rows() {
            @Override
            public void columns(List<String> names) {}

            @Override
            public void row(List<Object> values) {
                rows.add(values);
            }
        });
        return new QueryRun(rows, (System.nanoTime() - start) / 1e9);
    }
}
