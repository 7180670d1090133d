package org.tuskgrid.client;

import java.util.regex.Pattern;

/**
 * A glob over sensor ids: {@code *} any run of characters, {@code ?} one character, {@code [abc]} or
 * {@code [a-z]} one of a set; everything else literal. Example: {@code pump-*}, {@code s-[0-4]?}.
 */
public final class SensorPattern {
    private final String glob;
    private final Pattern regex;

    private SensorPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException naming the problem when the glob is empty or has an unclosed {@code [} */
    public static SensorPattern parse(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("empty sensor pattern");
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0 || end == i + 1) {
                        throw new IllegalArgumentException("bad sensor pattern '" + glob + "': '[' at position " + (i + 1)
                            + " has no closing ']' or is empty");
                    }
                    re.append('[').append(glob.substring(i + 1, end).replace("\\", "\\\\").replace("^", "\\^")
                        .replace("[", "\\[")).append(']');
                    i = end;
                }
                case ']' -> throw new IllegalArgumentException("bad sensor pattern '" + glob + "': ']' at position " + (i + 1)
                    + " without '['");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new SensorPattern(glob, Pattern.compile(re.toString()));
    }

    public boolean matches(String sensorId) {
        return regex.matcher(sensorId).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
