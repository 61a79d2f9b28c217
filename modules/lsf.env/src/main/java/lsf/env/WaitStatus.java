package lsf.env;

/**
 * A raw wait(2) status as LSF passes it ({@code LSB_JOBEXIT_STAT}): the job's exit code in bits 8-15,
 * or the signal that killed it in bits 0-6. Pure.
 */
public record WaitStatus(long raw) {
    /** The signal that killed the job, 0 when it exited. */
    public long signal() {
        return raw & 0x7f;
    }

    /** The exit code a shell reports: the job's own, or 128 + the signal. */
    public long exitCode() {
        return signal() == 0 ? (raw >> 8) & 0xff : 128 + signal();
    }

    /** "exited N" or "killed by signal N". */
    public String describe() {
        return signal() == 0 ? "exited " + exitCode() : "killed by signal " + signal();
    }
}
