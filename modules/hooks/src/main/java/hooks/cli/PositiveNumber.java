package hooks.cli;

/** Parses a positive whole number from a command line, naming it in the message. */
public final class PositiveNumber {
    private PositiveNumber() {}

    public static long parse(String what, String text) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(what + " '" + text + "' is not a whole number");
        }
        if (n <= 0) {
            throw new UsageException(what + " '" + text + "' must be positive");
        }
        return n;
    }
}
