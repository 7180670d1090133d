package org.tuskgrid.cli;

import java.time.Duration;
import java.util.function.Function;
import org.tuskgrid.client.Balance;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.Priority;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;
import org.tuskgrid.config.Durations;
import picocli.CommandLine;

/**
 * Typed option values, parsed while the command line is read: a value that does not parse is a usage error
 * (exit 2, {@code Invalid value for option '--timeout': not a duration: 'abc' ...}) before anything connects.
 */
final class OptionTypes {
    private OptionTypes() {
    }

    /** For every command on {@code cl} now, and their subcommands. */
    static void register(CommandLine cl) {
        cl.registerConverter(Duration.class, converter(Durations::parse));
        cl.registerConverter(Priority.class, converter(Priority::parse));
        cl.registerConverter(Balance.class, converter(Balance::parse));
        cl.registerConverter(JobStatus.class, converter(JobStatus::parse));
        cl.registerConverter(Severity.class, converter(Severity::parse));
        cl.registerConverter(RuleKind.class, converter(RuleKind::parse));
    }

    private static <T> CommandLine.ITypeConverter<T> converter(Function<String, T> parse) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /** {@code --addresses}: checked as ClientSettings will read it, kept as text. */
    static final class Addresses implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                ClientSettings.builder().addresses(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
