package io.duckdock.ingest;

/**
 * How one event column is computed from a file's columns, in two renderings: {@code strict}, which
 * the load uses (a value that does not convert fails the statement with a conversion error), and
 * {@code lenient}, which the row check uses (a value that does not convert becomes NULL, so the
 * check can name the row). Column names are DuckDock's own constants, never text from a file.
 */
record ColumnExpr(String strict, String lenient) {

    /** The same SQL either way: constants, and conversions that cannot fail. */
    static ColumnExpr of(String sql) {
        return new ColumnExpr(sql, sql);
    }

    /** {@code column} converted to {@code type}: CAST when loading, TRY_CAST when checking rows. */
    static ColumnExpr cast(String column, String type) {
        String quoted = quote(column);
        return new ColumnExpr("CAST(" + quoted + " AS " + type + ")", "TRY_CAST(" + quoted + " AS " + type + ")");
    }

    /** {@code column} as it is, quoted. */
    static String quote(String column) {
        return '"' + column + '"';
    }

    /** This expression, or a fresh time-ordered UUID where it is NULL. */
    ColumnExpr orNewUuid() {
        return new ColumnExpr("coalesce(" + strict + ", uuidv7())", "coalesce(" + lenient + ", uuidv7())");
    }

    String sql(boolean strictCasts) {
        return strictCasts ? strict : lenient;
    }
}
