package hooks.system;

import java.util.OptionalLong;

/**
 * When the TERMINATE watchdog kills, and how it gets there on time. The deadline is the checkpoint
 * timeout after the TERMINATE action's process started, not after the action armed the watchdog: the
 * action's own JVM start and decision, and the watchdog's JVM start, would otherwise each add to
 * how long an overrunning job lives (0.3-0.4 s on a slow node). The watchdog's shell therefore
 * sleeps {@link #LEAD_SECONDS} less than the whole seconds left, and its JVM, once started, waits out
 * the rest. Pure.
 */
public final class WatchdogDeadline {
    /** How much earlier than the deadline the watchdog's shell wakes, so that its JVM is up by then. */
    public static final long LEAD_SECONDS = 1;

    /**
     * The longest the watchdog's JVM waits for the deadline: the lead plus the second the shell's
     * whole-second sleep may round off, and half a second to spare, so that a step of the wall clock
     * between the arming and the wake-up never keeps a job alive any longer.
     */
    public static final long MAX_WAIT_MILLIS = (LEAD_SECONDS + 1) * 1000 + 500;

    /** An age of this process above this is not a fresh TERMINATE action's: its start is not trusted. */
    static final long MAX_AGE_MILLIS = 60_000;

    private WatchdogDeadline() {}

    /**
     * The epoch millisecond at which the watchdog kills: {@code timeoutSeconds} after the action
     * started. {@code ageMillis} is how long ago this process started, read at {@code nowMillis}; when
     * it is unknown or implausible, {@code enteredMillis} (when the action's {@code main} began) stands
     * in for the start.
     */
    public static long of(long nowMillis, OptionalLong ageMillis, long enteredMillis, long timeoutSeconds) {
        long start = enteredMillis;
        if (ageMillis.isPresent() && ageMillis.getAsLong() >= 0 && ageMillis.getAsLong() <= MAX_AGE_MILLIS) {
            start = Math.min(enteredMillis, nowMillis - ageMillis.getAsLong());
        }
        return start + timeoutSeconds * 1000;
    }

    /** How many whole seconds the watchdog's shell sleeps at {@code nowMillis} before starting its JVM. */
    public static long shellSleepSeconds(long deadlineMillis, long nowMillis) {
        return Math.max(0, (deadlineMillis - nowMillis) / 1000 - LEAD_SECONDS);
    }

    /** How long the watchdog's JVM, started at {@code nowMillis}, waits before it looks at the job. */
    public static long remainingMillis(long deadlineMillis, long nowMillis) {
        return Math.max(0, Math.min(deadlineMillis - nowMillis, MAX_WAIT_MILLIS));
    }
}
