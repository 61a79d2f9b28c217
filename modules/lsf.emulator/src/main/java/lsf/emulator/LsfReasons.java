package lsf.emulator;

/** The suspend reasons and subreasons LSF passes to the TERMINATE action (lsbatch.h). */
record LsfReasons(long reasons, long subreasons) {
    /** SUSP_RES_LIMIT with SUB_REASON_RUNLIMIT: the run limit. */
    static final LsfReasons RUNLIMIT = new LsfReasons(0x20000, 0x1);
    /** SUSP_USER_STOP: a user's bkill. */
    static final LsfReasons USER_KILL = new LsfReasons(0x2, 0);
}
