package criu.invoke.proc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A criu version as {@code criu --version} prints it ({@code Version: 4.1.1}). */
public record CriuVersion(int major, int minor, int patch) implements Comparable<CriuVersion> {
    private static final Pattern LINE = Pattern.compile("(?m)^Version:\\s*(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    /** The line criu writes near the top of its log at {@code -v3} and above: {@code (00.000041) Version: 4.1.1 (gitid 0)}. */
    private static final Pattern LOG_LINE =
            Pattern.compile("(?m)^\\(\\s*[0-9.]+\\) Version:\\s*(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** The oldest criu that restores on kernels with a {@code [vvar_vclock]} mapping (6.x and later). */
    public static final CriuVersion CURRENT_KERNELS = new CriuVersion(3, 18, 0);

    /**
     * Parses the output of {@code criu --version}.
     *
     * @throws IllegalArgumentException when no {@code Version:} line is found
     */
    public static CriuVersion parse(String output) {
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'Version: x.y' line in criu --version output: "
                    + output.strip().lines().findFirst().orElse("(empty)"));
        }
        return of(m);
    }

    /** The version criu wrote into its own log ({@code dump.log}, {@code restore.log}), if it did. */
    public static Optional<CriuVersion> inLog(String log) {
        Matcher m = LOG_LINE.matcher(log);
        return m.find() ? Optional.of(of(m)) : Optional.empty();
    }

    private static CriuVersion of(Matcher m) {
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new CriuVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    @Override
    public int compareTo(CriuVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
