package checkpoint.store;

/**
 * Where the current run's checkpoint stands. The codes are the V1 state file's
 * {@code chkpnt_state} values, kept in later versions with the same meaning.
 */
public enum CheckpointPhase {
    NONE(1),
    STARTED(2),
    FAILED(4),
    SUCCESS(8);

    private final int code;

    CheckpointPhase(int code) {
        this.code = code;
    }

    /** The {@code chkpnt_state} number of the state file. */
    public int code() {
        return code;
    }

    /**
     * The phase for a {@code chkpnt_state} number.
     *
     * @throws IllegalArgumentException for any other number
     */
    public static CheckpointPhase ofCode(long code) {
        for (CheckpointPhase p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "chkpnt_state " + code + " is none of 1 (NONE), 2 (STARTED), 4 (FAILED)," + " 8 (SUCCESS)");
    }
}
