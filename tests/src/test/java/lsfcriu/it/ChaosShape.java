package lsfcriu.it;

/**
 * The job shapes of the chaos harness: what the job does and what a run without faults ends in.
 *
 * @param runLimit the run limit in seconds
 * @param steps the job's steps (0.2 s each)
 * @param restartLimit ORUN_RESTART_LIMIT
 * @param period bsub -k's checkpoint period (0: none)
 */
enum ChaosShape {
    /** Killed at its limit each run and restarted until its restarts are used up (a cause recorded). */
    PLAIN(3, 100, 1, 0),
    /** Checkpointed at its limit, restarted, and finishing on its own (exit 7). */
    RESTARTED(4, 30, 2, 0),
    /** Checkpointed by LSF every 2 s, never reaching its limit, finishing on its own (exit 7). */
    PERIODIC(300, 30, 2, 2);

    final long runLimit;
    final int steps;
    final int restartLimit;
    final long period;

    ChaosShape(long runLimit, int steps, int restartLimit, long period) {
        this.runLimit = runLimit;
        this.steps = steps;
        this.restartLimit = restartLimit;
        this.period = period;
    }
}
