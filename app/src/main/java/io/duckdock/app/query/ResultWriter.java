package io.duckdock.app.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.duckdock.app.output.TextTable;
import io.duckdock.ingest.query.ReadOnlySql;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a query result as an aligned table, CSV (with header) or a JSON array of objects; numbers
 * and booleans stay such in JSON, other values are written as {@link CellText}.
 */
abstract class ResultWriter implements ReadOnlySql.Rows {
    static ResultWriter of(QueryCommand.Format format, Writer out) throws IOException {
        switch (format) {
            case csv:
                return new Csv(out);
            case json:
                return new Json(out);
            default:
                return new Table(out);
        }
    }

    abstract void finish() throws IOException;

    private static final class Table extends ResultWriter {
        private final Writer out;
        private TextTable table;
        private long rows;

        Table(Writer out) {
            this.out = out;
        }

        @Override
        public void columns(List<String> names) {
            table = new TextTable(names.toArray(String[]::new));
        }

        @Override
        public void row(List<Object> values) {
            table.row(values.stream()
                    .map(v -> v == null ? "NULL" : CellText.of(v))
                    .toArray(String[]::new));
            rows++;
        }

        @Override
        void finish() {
            PrintWriter printer = new PrintWriter(out);
            table.print(printer);
            printer.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
            printer.flush();
        }
    }

    private static final class Csv extends ResultWriter {
        private final CSVPrinter printer;

        Csv(Writer out) throws IOException {
            this.printer = new CSVPrinter(out, CSVFormat.DEFAULT);
        }

        @Override
        public void columns(List<String> names) {
            row(List.copyOf(names));
        }

        @Override
        public void row(List<Object> values) {
            try {
                printer.printRecord(values.stream().map(CellText::of).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void finish() throws IOException {
            printer.flush();
        }
    }

    private static final class Json extends ResultWriter {
        private final JsonGenerator json;
        private List<String> names;

        Json(Writer out) throws IOException {
            this.json = new JsonFactory().createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }

        @Override
        public void columns(List<String> names) {
            this.names = names;
            write(() -> json.writeStartArray());
        }

        @Override
        public void row(List<Object> values) {
            write(() -> {
                json.writeStartObject();
                for (int i = 0; i < names.size(); i++) {
                    json.writeFieldName(names.get(i));
                    Object value = values.get(i);
                    if (value == null) {
                        json.writeNull();
                    } else if (value instanceof Boolean) {
                        json.writeBoolean((Boolean) value);
                    } else if (value instanceof Number) {
                        json.writeNumber(value.toString());
                    } else {
                        json.writeString(CellText.of(value));
                    }
                }
                json.writeEndObject();
            });
        }

        @Override
        void finish() throws IOException {
            json.writeEndArray();
            json.writeRaw('\n');
            json.flush();
        }

        private interface Step {
            void run() throws IOException;
        }

        private static void write(Step step) {
            try {
                step.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
