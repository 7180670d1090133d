package org.tuskgrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFormatTest {
    private final List<String> columns = List.of("NAME", "N");
    private final List<List<?>> rows = List.of(List.of("alpha", 5), Arrays.asList("b, \"q\"", null));

    private String print(OutputFormat f) {
        StringWriter w = new StringWriter();
        f.print(new PrintWriter(w), columns, rows);
        return w.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void tableAlignsColumnsAndNumbersRight() {
        assertThat(print(OutputFormat.TABLE)).isEqualTo("""
            NAME   |    N
            -------+-----
            alpha  |    5
            b, "q" | NULL
            (2 rows)
            """);
    }

    @Test
    void csvQuotesWhatNeedsQuoting() {
        assertThat(print(OutputFormat.CSV)).isEqualTo("NAME,N\nalpha,5\n\"b, \"\"q\"\"\",\n");
    }

    @Test
    void jsonIsAnArrayOfObjects() {
        assertThat(print(OutputFormat.JSON)).isEqualTo("[{\"NAME\":\"alpha\",\"N\":5},{\"NAME\":\"b, \\\"q\\\"\",\"N\":null}]\n");
    }
}
