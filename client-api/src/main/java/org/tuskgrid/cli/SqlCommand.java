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
        converter = FormatConverter.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected int run(TuskGridClient client) {
        SqlResult r = client.sql(statement);
        format.print(out(), r.columns(), r.rows().stream().map(row -> row.values()).toList());
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
