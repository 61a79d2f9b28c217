package hooks.doctor;

/**
 * One preflight check's result: what was checked, how it came out, what was found and what to do.
 */
public record Check(String name, Level level, String found, String advice) {
    /** How a check came out. */
    public enum Level {
        PASS,
        WARN,
        FAIL,
        SKIP
    }

    public static Check pass(String name, String found) {
        return new Check(name, Level.PASS, found, "");
    }

    public static Check warn(String name, String found, String advice) {
        return new Check(name, Level.WARN, found, advice);
    }

    /** A check not run, and why: it counts neither as passed nor as failed. */
    public static Check skip(String name, String why) {
        return new Check(name, Level.SKIP, why, "");
    }

    public static Check fail(String name, String found, String advice) {
        return new Check(name, Level.FAIL, found, advice);
    }
}
