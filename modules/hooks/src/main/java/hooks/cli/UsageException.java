package hooks.cli;

/** Bad command-line arguments; the message is the one line the user sees. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
