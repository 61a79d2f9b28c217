package criu.invoke.proc;

import java.util.Optional;

/**
 * One process as {@code /proc/<pid>/stat} describes it: the fields the toolkit needs to find a
 * job's processes and the dump root.
 *
 * @param pid process id
 * @param comm command name (may contain spaces and parentheses)
 * @param state one letter: R, S, D, Z, T, ...
 * @param ppid parent process id
 * @param pgid process group id
 * @param sid session id
 * @param startTicks start time since boot, in clock ticks
 * @param exitCode for a zombie, its wait(2) status (field 52; absent on old kernels)
 */
public record ProcStat(
        long pid,
        String comm,
        char state,
        long ppid,
        long pgid,
        long sid,
        long startTicks,
        Optional<Integer> exitCode) {
    /**
     * Parses the text of {@code /proc/<pid>/stat}. The command name is between the first {@code (}
     * and the last {@code )}, since it may itself contain both.
     *
     * @throws IllegalArgumentException when the text is not a stat line
     */
    public static ProcStat parse(String text) {
        String line = text.strip();
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 1 || close < open || close + 2 > line.length()) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(line));
        }
        try {
            long pid = Long.parseLong(line.substring(0, open).strip());
            String[] f = line.substring(close + 2).split(" ");
            // f[0] is field 3 (state); field n is f[n - 3]
            Optional<Integer> exit = f.length >= 50 ? Optional.of(Integer.parseInt(f[49])) : Optional.empty();
            return new ProcStat(
                    pid,
                    line.substring(open + 1, close),
                    f[0].charAt(0),
                    Long.parseLong(f[1]),
                    Long.parseLong(f[2]),
                    Long.parseLong(f[3]),
                    Long.parseLong(f[19]),
                    exit);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed /proc/<pid>/stat line: " + abbreviate(line), e);
        }
    }

    /** True for a process that has exited and waits to be reaped. */
    public boolean isZombie() {
        return state == 'Z' || state == 'X';
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
