package io.duckdock.ingest;

import io.duckdock.error.ErrorCategory;

/** {@code warehouse.path = :memory:} where losing every event at exit is not acceptable. A configuration error. */
public final class InMemoryWarehouseException extends IngestException {
    private static final long serialVersionUID = 1L;

    InMemoryWarehouseException() {
        super(
                ErrorCategory.CONFIGURATION,
                "warehouse.path is ':memory:': an in-memory warehouse loses every ingested event when the "
                        + "process exits while the staged files are already archived. Set warehouse.path to a file "
                        + "(default warehouse.duckdb); ':memory:' is only for tests.");
    }
}
