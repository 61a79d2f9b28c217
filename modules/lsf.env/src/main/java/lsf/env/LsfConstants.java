package lsf.env;

/**
 * LSF's constants as lsbatch.h defines them (identical in IBM LSF 9.1+ and OpenLava), and the
 * bit tests the toolkit makes with them. Always test bits, never compare whole values.
 */
public final class LsfConstants {
    /** Suspend reason: a user or administrator stopped or killed the job ({@code bkill}). */
    public static final long SUSP_USER_STOP = 0x2;
    /** Suspend reason: the queue's run window closed. */
    public static final long SUSP_QUEUE_WINDOW = 0x8;
    /** Suspend reason: host load. */
    public static final long SUSP_LOAD_REASON = 0x40;
    /** Suspend reason: a resource limit was reached; the subreason says which. */
    public static final long SUSP_RES_LIMIT = 0x20000;
    /** Subreason of {@link #SUSP_RES_LIMIT}: the run limit. */
    public static final long SUB_REASON_RUNLIMIT = 0x1;
    /** Subreason: the CPU limit. */
    public static final long SUB_REASON_CPULIMIT = 0x8;
    /** Subreason: the memory limit. */
    public static final long SUB_REASON_MEMLIMIT = 0x10;

    private LsfConstants() {}

    /** True when the TERMINATE action was called because the job reached its run limit. */
    public static boolean isRunLimitKill(long suspReasons, long suspSubreasons) {
        return (suspReasons & SUSP_RES_LIMIT) != 0 && (suspSubreasons & SUB_REASON_RUNLIMIT) != 0;
    }
}
