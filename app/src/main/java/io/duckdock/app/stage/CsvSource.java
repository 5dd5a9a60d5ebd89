package io.duckdock.app.stage;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV with a header row naming the columns: {@code conversation_id, event_type, timestamp} and
 * optionally {@code event_id, experiment_id, event_data}, in any order; other columns are ignored.
 * {@code event_data} holds JSON text. An empty cell is a missing value.
 */
final class CsvSource implements RecordSource {
    private static final List<String> REQUIRED_COLUMNS =
            List.of(RawEvent.CONVERSATION_ID, RawEvent.EVENT_TYPE, RawEvent.TIMESTAMP);
    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int columns;
    private long linesRead;

    CsvSource(Reader reader) throws IOException {
        try {
            this.parser = CSVParser.parse(reader, FORMAT);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            reader.close();
            throw new RejectedFileException("cannot read the CSV header: " + message(e));
        }
        Map<String, Integer> header = parser.getHeaderMap();
        List<String> missing = new ArrayList<>();
        for (String column : REQUIRED_COLUMNS) {
            if (!header.containsKey(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            parser.close();
            throw new RejectedFileException("the CSV header is missing column(s) "
                    + String.join(", ", missing)
                    + "; expected a header row naming "
                    + String.join(", ", REQUIRED_COLUMNS)
                    + " and optionally event_id, experiment_id, event_data");
        }
        this.columns = header.size();
        this.records = parser.iterator();
        this.linesRead = parser.getCurrentLineNumber();
    }

    @Override
    public SourceRecord next() {
        long line = linesRead + 1;
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new RejectedFileException(
                    "malformed CSV from line " + line + " on, the rest of the file was skipped: " + message(e));
        }
        linesRead = parser.getCurrentLineNumber();
        String input = FORMAT.format((Object[]) record.values());
        if (record.size() != columns) {
            return SourceRecord.rejected(line, input, "expected " + columns + " columns, found " + record.size());
        }
        RawEvent event = new RawEvent(
                cell(record, RawEvent.EVENT_ID),
                cell(record, RawEvent.CONVERSATION_ID),
                cell(record, RawEvent.EXPERIMENT_ID),
                cell(record, RawEvent.EVENT_TYPE),
                cell(record, RawEvent.TIMESTAMP),
                cell(record, RawEvent.EVENT_DATA));
        return SourceRecord.of(line, input, event);
    }

    private static String cell(CSVRecord record, String column) {
        if (!record.isMapped(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isEmpty() ? null : value;
    }

    private static String message(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
