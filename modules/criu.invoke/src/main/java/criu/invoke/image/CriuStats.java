package criu.invoke.image;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of criu's {@code --display-stats} output ({@code Frozen time: 15093 us},
 * {@code Memory pages written: 103 (0x67)}) as named numbers such as {@code frozen_time_us} and
 * {@code memory_pages_written}, ready for the state history and the summary. Pure.
 */
public final class CriuStats {
    private static final Pattern LINE =
            Pattern.compile("(?m)^([A-Za-z][A-Za-z /]*?):\\s+(\\d+)(?:\\s+(us))?(?:\\s+\\(0x[0-9a-f]+\\))?\\s*$");

    private CriuStats() {}

    /** Every {@code Name: number} line of criu's output, keyed in snake case ({@code _us} for times). */
    public static Map<String, Long> parse(String output) {
        Map<String, Long> stats = new LinkedHashMap<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) {
            String key = m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            if (m.group(3) != null) {
                key += "_us";
            }
            stats.put(key, Long.parseLong(m.group(2)));
        }
        return stats;
    }
}
