package hooks.programs;

import java.util.List;
import java.util.stream.Collectors;

/** Quotes words for a POSIX shell command line. Pure. */
public final class ShellQuote {
    private ShellQuote() {}

    static String word(String w) {
        if (!w.isEmpty() && w.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }

    static String words(List<String> ws) {
        return ws.stream().map(ShellQuote::word).collect(Collectors.joining(" "));
    }
}
