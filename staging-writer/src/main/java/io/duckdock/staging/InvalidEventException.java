package io.duckdock.staging;

/**
 * An {@link Event} failed validation. The message names the field (as the Parquet column, e.g.
 * {@code conversation_id}) and the problem; {@link #field()} returns the same column name.
 */
public final class InvalidEventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidEventException(String field, String problem) {
        super("Event field '" + field + "' " + problem);
        this.field = field;
    }

    /** The offending field, spelled as its Parquet column name. */
    public String field() {
        return field;
    }
}
