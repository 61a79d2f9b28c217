package lsfcriu.it;

import java.util.List;
import java.util.Optional;

/**
 * What one chaos trial did and what its invariants found.
 *
 * @param replay the property that replays the trial alone
 * @param fault the fault drawn
 * @param shape the job's shape
 * @param user the job's user (empty: root)
 * @param injected what was done, and when (empty: a miss, {@code missed} says why)
 * @param missed why the fault was not done
 * @param ending how the job's chain ended: its own status, or the cause recorded
 * @param lifeAfterLimitMillis the longest a process of the job lived after a run limit (-1: no limit reached)
 * @param deadlineMillis the deadline it was held to, after the limit
 * @param violations each invariant broken, in a sentence
 * @param exempt what the harness itself did that an invariant does not hold the toolkit to
 */
record ChaosOutcome(
        String replay,
        ChaosFault fault,
        ChaosShape shape,
        Optional<String> user,
        Optional<String> injected,
        String missed,
        String ending,
        long lifeAfterLimitMillis,
        long deadlineMillis,
        List<String> violations,
        List<String> exempt) {

    /** One line for the trial's log and the report. */
    String line() {
        return replay + " " + shape + " as " + user.orElse("root") + ": "
                + injected.orElse("missed (" + missed + ")") + " -> " + ending
                + (lifeAfterLimitMillis >= 0
                        ? "; job lived " + lifeAfterLimitMillis + " ms after its limit (deadline " + deadlineMillis
                                + " ms)"
                        : "")
                + (violations.isEmpty() ? "" : "; VIOLATIONS: " + String.join("; ", violations))
                + (exempt.isEmpty() ? "" : "; exempt: " + String.join("; ", exempt));
    }
}
