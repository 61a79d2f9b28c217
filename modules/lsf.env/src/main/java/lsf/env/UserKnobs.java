package lsf.env;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The job owner's switches and limits, kept from the tool lsf-criu replaces. A value that is
 * malformed is unset here (the site default applies); a whole number too large for any knob is
 * taken as {@link #HUGE}, and every value above the site's maximum is clamped by the policy.
 *
 * @param checkpointOnOverrun {@code ENABLE_ORUN_CHKPNT=Y}
 * @param restartOnOverrun {@code ENABLE_ORUN_RESTART=Y}
 * @param restartLimit {@code ORUN_RESTART_LIMIT}: restarts allowed
 * @param timeoutSeconds {@code ORUN_TIMEOUT_SECONDS}: how long a checkpoint may take
 * @param killPollTries {@code ORUN_KILL_POLL_TRIES}
 * @param checkpointOptOut {@code ENABLE_ORUN_CHKPNT=N}: the job refuses its queue's default checkpoint
 * @param restartOptOut {@code ENABLE_ORUN_RESTART=N}: the job refuses its queue's default restart
 */
public record UserKnobs(
        boolean checkpointOnOverrun,
        boolean restartOnOverrun,
        OptionalLong restartLimit,
        OptionalLong timeoutSeconds,
        OptionalLong killPollTries,
        boolean checkpointOptOut,
        boolean restartOptOut) {
    public static final String ENABLE_ORUN_CHKPNT = "ENABLE_ORUN_CHKPNT";
    public static final String ENABLE_ORUN_RESTART = "ENABLE_ORUN_RESTART";
    public static final String ORUN_RESTART_LIMIT = "ORUN_RESTART_LIMIT";
    public static final String ORUN_TIMEOUT_SECONDS = "ORUN_TIMEOUT_SECONDS";
    public static final String ORUN_KILL_POLL_TRIES = "ORUN_KILL_POLL_TRIES";

    /** The largest value any knob may take before it is called malformed ("too large"). */
    public static final long HUGE = 1_000_000_000L;

    static UserKnobs of(Map<String, String> env, EnvValues values) {
        return new UserKnobs(
                values.flag(ENABLE_ORUN_CHKPNT, env.get(ENABLE_ORUN_CHKPNT)),
                values.flag(ENABLE_ORUN_RESTART, env.get(ENABLE_ORUN_RESTART)),
                values.knob(ORUN_RESTART_LIMIT, env.get(ORUN_RESTART_LIMIT), 0, HUGE),
                values.knob(ORUN_TIMEOUT_SECONDS, env.get(ORUN_TIMEOUT_SECONDS), 1, HUGE),
                values.knob(ORUN_KILL_POLL_TRIES, env.get(ORUN_KILL_POLL_TRIES), 1, HUGE),
                EnvValues.explicitNo(env.get(ENABLE_ORUN_CHKPNT)),
                EnvValues.explicitNo(env.get(ENABLE_ORUN_RESTART)));
    }
}
