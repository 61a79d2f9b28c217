package checkpoint.store;

/**
 * A state file that cannot be used: unreadable, corrupt, of an unknown version, or a symlink
 * planted in its place. The safe outcome is to kill the job normally and restart nothing.
 */
public final class StateFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateFileException(String message) {
        super(message);
    }

    public StateFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
