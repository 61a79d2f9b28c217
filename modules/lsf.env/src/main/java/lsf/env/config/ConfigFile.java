package lsf.env.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses LSF-style configuration text: one {@code KEY=value} per line, {@code #} comment lines,
 * blank lines, values optionally in single or double quotes. Pure: no I/O.
 */
public final class ConfigFile {
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

    private ConfigFile() {}

    /**
     * Parses {@code text}; {@code source} names it in messages (e.g. the file's path).
     *
     * @return keys in file order with their unquoted values
     * @throws ConfigException naming {@code source:line} for a malformed line or a repeated key
     */
    public static Map<String, String> parse(String source, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where + "expected KEY=value, found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ConfigException(where + "'" + key + "' is not a key (upper-case letters, digits, _)");
            }
            String value = unquote(where, key, line.substring(eq + 1).strip());
            if (values.putIfAbsent(key, value) != null) {
                throw new ConfigException(where + key + " is set twice");
            }
        }
        return Collections.unmodifiableMap(values);
    }

    private static String unquote(String where, String key, String value) {
        if (value.length() >= 1 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
            char quote = value.charAt(0);
            if (value.length() < 2 || value.charAt(value.length() - 1) != quote) {
                throw new ConfigException(where + key + " has an unclosed " + quote + " quote");
            }
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
