package checkpoint.store;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for the state file, the one JSON document every JVM hook path reads.
 * It yields the trees jackson-jr's {@code anyFrom} yields (objects as maps in key order, arrays as
 * lists, strings, booleans, null; whole numbers as {@link Long}, or {@link BigInteger} beyond it;
 * other numbers as {@link Double}), and refuses what is ambiguous: a key given twice, anything after
 * the document, nesting deeper than {@value #MAX_DEPTH}. It exists because every jackson-core parser
 * initialises {@code java.math.BigDecimal}, whose class initialiser computes 5^65536 on JDK 25: about
 * 60 ms of an interpreted TERMINATE or POST_EXEC (tests/bench/BENCHMARKS.md). Pure: no I/O.
 */
final class StateJson {
    static final int MAX_DEPTH = 64;
    private final String text;
    private int at;

    private StateJson(String text) {
        this.text = text;
    }

    /** Thrown for text that is not one JSON document; the message says where and why. */
    static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message);
        }
    }

    /** The one JSON value {@code text} holds. */
    static Object parse(String text) throws MalformedJsonException {
        StateJson r = new StateJson(text);
        r.space();
        if (r.at == text.length()) {
            throw new MalformedJsonException("no content");
        }
        Object v = r.value(0);
        r.space();
        if (r.at != text.length()) {
            throw r.error("unexpected text after the document");
        }
        return v;
    }

    private Object value(int depth) throws MalformedJsonException {
        if (depth >= MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        char c = peek();
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + describe(c));
        }
    }

    private Map<String, Object> object(int depth) throws MalformedJsonException {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        space();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw error("expected a key in quotes");
            }
            String key = string();
            space();
            expect(':');
            space();
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                throw error("key '" + key + "' given twice");
            }
            map.put(key, v);
            space();
            char c = peek();
            at++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws MalformedJsonException {
        List<Object> list = new ArrayList<>();
        at++;
        space();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            space();
            list.add(value(depth + 1));
            space();
            char c = peek();
            at++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws MalformedJsonException {
        StringBuilder b = new StringBuilder();
        at++;
        while (true) {
            char c = peek();
            at++;
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("unescaped " + describe(c) + " in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = peek();
            at++;
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(hex4());
                default -> {
                    at--;
                    throw error("bad escape \\" + describe(e));
                }
            }
        }
    }

    private char hex4() throws MalformedJsonException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(peek(), 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            at++;
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Object number() throws MalformedJsonException {
        int start = at;
        boolean whole = true;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (!digits()) {
            throw error("expected a digit");
        }
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            whole = false;
            if (!digits()) {
                throw error("expected a digit after '.'");
            }
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            whole = false;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            if (!digits()) {
                throw error("expected a digit in the exponent");
            }
        }
        String n = text.substring(start, at);
        if (!whole) {
            return Double.parseDouble(n);
        }
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            return new BigInteger(n);
        }
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private Object word(String word, Object value) throws MalformedJsonException {
        if (!text.startsWith(word, at)) {
            throw error("unexpected " + describe(peek()));
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws MalformedJsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    /** The next character; the end of the text is an error wherever a character is due. */
    private char peek() throws MalformedJsonException {
        if (at >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(at);
    }

    private MalformedJsonException error(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new MalformedJsonException(what + " at line " + line + ", column " + column);
    }

    private static String describe(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
