package org.tuskgrid.cli;

import org.tuskgrid.client.SqlResult;
import org.tuskgrid.client.TuskGridClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./tuskgrid sql "SELECT ..."}. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs one SQL statement on the cluster (PUBLIC schema) and prints the result.",
        "Example: ./tuskgrid sql \"SELECT * FROM SYS.NODES\" --format csv"})
final class SqlCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STATEMENT", description = "The SQL statement; quote it.")
    String statement;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = FormatConverter.class,
        description = "Output format (default: ${DEFAULT-VALUE}); csv and json are written as the rows arrive, for exports of any size.")
    OutputFormat format;

    @Override
    protected int run(TuskGridClient client) {
        if (format == OutputFormat.TABLE) {
            SqlResult r = client.sql(statement);
            format.print(out(), r.columns(), r.rows().stream().map(row -> row.values()).toList());
            return 0;
        }
        // CSV and JSON go out as the rows arrive: an export of millions of rows holds one page at a time.
        OutputFormat.RowStream[] stream = new OutputFormat.RowStream[1];
        client.sqlEach(statement, columns -> stream[0] = format.stream(out(), columns), row -> stream[0].row(row));
        stream[0].end();
        return 0;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                    "'" + value + "' is not a format; use table, csv or json");
            }
        }
    }
}
