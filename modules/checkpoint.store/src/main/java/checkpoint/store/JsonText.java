package checkpoint.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * JSON text of the toolkit's documents (the state file, the summary, the job's events, the admin
 * command's output): maps, lists and scalars, written the way jackson-jr writes them, compact or
 * pretty (jackson's default pretty printer), null-valued entries left out, so that every file
 * keeps its shape. Written here and
 * not through jackson-jr because every JVM hook writes one: jackson-jr's writer initialises the
 * time-zone database and jackson-core on first use, about 12 ms of an interpreted TERMINATE. Pure.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;

    private JsonText(boolean pretty) {
        this.pretty = pretty;
    }

    /**
     * The JSON object {@code text} holds (one line of a job's events, say), read strictly and without
     * jackson-core ({@link StateJson}); empty when it is not one.
     */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<Map<String, Object>> object(String text) {
        try {
            Object v = StateJson.parse(text);
            return v instanceof Map<?, ?> m
                    ? java.util.Optional.of((Map<String, Object>) m)
                    : java.util.Optional.empty();
        } catch (StateJson.MalformedJsonException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code value} on one line, without spaces: {@code {"a":1,"b":[true,null]}}. */
    public static String compact(Object value) {
        JsonText w = new JsonText(false);
        w.value(value, 0);
        return w.out.toString();
    }

    /**
     * {@code value} as jackson's default pretty printer lays it out: one object field per line
     * indented by two spaces, {@code "key" : value}, arrays on one line as {@code [ a, b ]}, empty
     * ones as {@code { }} and {@code [ ]}; no final newline.
     */
    public static String pretty(Object value) {
        JsonText w = new JsonText(true);
        w.value(value, 0);
        return w.out.toString();
    }

    /**
     * Maps (keys as text), iterables and arrays of objects, text, booleans, numbers and null; an enum
     * as its name, anything else as its {@code toString()} text.
     */
    private void value(Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof CharSequence s) {
            string(s.toString());
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.append(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            number(((Number) v).doubleValue(), v);
        } else if (v instanceof BigInteger || v instanceof BigDecimal) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            object(m, depth);
        } else if (v instanceof Iterable<?> list) {
            array(list, depth);
        } else if (v instanceof Object[] array) {
            array(java.util.Arrays.asList(array), depth);
        } else if (v instanceof Enum<?> e) {
            string(e.name());
        } else {
            string(v.toString());
        }
    }

    private void number(double d, Object boxed) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            string(boxed.toString()); // jackson quotes what JSON cannot hold as a number
        } else {
            out.append(boxed);
        }
    }

    /** An object; entries whose value is null are left out, as jackson-jr leaves them out. */
    private void object(Map<?, ?> m, int depth) {
        if (m.values().stream().allMatch(java.util.Objects::isNull)) {
            out.append(pretty ? "{ }" : "{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            if (pretty) {
                out.append('\n');
                indent(depth + 1);
            }
            string(String.valueOf(e.getKey()));
            out.append(pretty ? " : " : ":");
            value(e.getValue(), depth + 1);
        }
        if (pretty) {
            out.append('\n');
            indent(depth);
        }
        out.append('}');
    }

    private void array(Iterable<?> list, int depth) {
        java.util.Iterator<?> it = list.iterator();
        if (!it.hasNext()) {
            out.append(pretty ? "[ ]" : "[]");
            return;
        }
        out.append(pretty ? "[ " : "[");
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                out.append(pretty ? ", " : ",");
            }
            first = false;
            value(it.next(), depth);
        }
        out.append(pretty ? " ]" : "]");
    }

    private void indent(int depth) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    /** A JSON string: quote, backslash and control characters escaped as jackson escapes them. */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
