package lsf.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Parses single environment values into typed ones; every failure is a message naming the
 * variable and the value. Pure: the caller decides whether a failure is an error or a warning.
 */
final class EnvValues {
    private final List<String> problems;

    EnvValues(List<String> problems) {
        this.problems = problems;
    }

    /**
     * A whole number in {@code [min, max]}, or empty when unset, blank or malformed (then a
     * problem is recorded).
     */
    OptionalLong number(String name, String raw, long min, long max) {
        if (raw == null || raw.isBlank()) {
            return OptionalLong.empty();
        }
        String v = raw.strip();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            problems.add(
                    name + "='" + raw + "' " + (v.matches("[+-]?\\d+") ? "is too large" : "is not a whole number"));
            return OptionalLong.empty();
        }
        if (n < min) {
            problems.add(name + "='" + raw + "' " + (min == 0 ? "is negative" : "is below " + min));
            return OptionalLong.empty();
        }
        if (n > max) {
            problems.add(name + "='" + raw + "' is too large (at most " + max + ")");
            return OptionalLong.empty();
        }
        return OptionalLong.of(n);
    }

    /**
     * A user's knob: as {@link #number}, but a whole number above {@code max}, however many digits
     * it has, is {@code max} with a problem noted (the caller then clamps it to the site's maximum,
     * like any too-large value) rather than ignored.
     */
    OptionalLong knob(String name, String raw, long min, long max) {
        if (raw != null && raw.strip().matches("\\+?\\d+")) {
            String digits = raw.strip().replaceFirst("^\\+", "").replaceFirst("^0+(?=\\d)", "");
            if (digits.length() > 18 || Long.parseLong(digits) > max) {
                problems.add(name + "='" + raw + "' is too large: taken as " + max);
                return OptionalLong.of(max);
            }
        }
        return number(name, raw, min, max);
    }

    /**
     * A yes/no switch: {@code Y}, {@code y}, {@code yes}, {@code true}, {@code 1} are yes; unset,
     * {@code N}, {@code no}, {@code false}, {@code 0} are no; anything else is no with a problem.
     */
    boolean flag(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return false;
        }
        String v = raw.strip().toLowerCase(Locale.ROOT);
        if (YES.contains(v)) {
            return true;
        }
        if (!NO.contains(v)) {
            problems.add(name + "='" + raw + "' is neither Y nor N; taken as N");
        }
        return false;
    }

    /** The values {@link #flag} reads as yes, and as no (stripped, lower case). */
    private static final java.util.Set<String> YES = java.util.Set.of("y", "yes", "true", "1");

    private static final java.util.Set<String> NO = java.util.Set.of("n", "no", "false", "0");

    /** True when a yes/no switch is set to one of the no values (not when it is unset or malformed). Pure. */
    static boolean explicitNo(String raw) {
        return raw != null && NO.contains(raw.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * A white-space-separated list of process or group ids as LSF writes them ({@code "5857 5866 "},
     * possibly empty): decimal digits (leading zeros allowed), above 1, since 1 (init, or as a group
     * "every process of the user") and 0 (one's own group) are never a job's. Other entries are
     * dropped with a problem. The TERMINATE fast path's {@code lsf_id} reads them alike.
     */
    List<Long> ids(String name, String raw) {
        List<Long> ids = new ArrayList<>();
        if (raw == null) {
            return List.copyOf(ids);
        }
        for (String token : raw.strip().split("[ \\t\\n\\x0B\\f\\r]+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!token.matches("-?[0-9]+")) { // no "+5": the shell half reads digits only
                problems.add(name + "='" + token + "' is not a whole number");
                continue;
            }
            OptionalLong id = number(name, token, 2, Integer.MAX_VALUE);
            if (id.isPresent() && !ids.contains(id.getAsLong())) {
                ids.add(id.getAsLong());
            }
        }
        return List.copyOf(ids);
    }
}
