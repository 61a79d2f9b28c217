package hooks.cli;

/** Checks that a program LSF runs without arguments got none. */
public final class NoArguments {
    private NoArguments() {}

    public static void check(String... args) {
        if (args.length != 0) {
            throw new UsageException("takes no arguments (LSF passes everything in the environment), got '"
                    + String.join(" ", args) + "'");
        }
    }
}
