package hooks.admin;

import criu.invoke.image.CheckpointRoot;
import java.util.List;
import java.util.Map;
import lsf.env.LsfOutputs;

/**
 * Whether {@code lsf-criu sweep} removes one job directory's images: only when LSF no longer runs
 * nor holds any job of its chain (the directory's own id and the restart its state names, {@code
 * bjobs} says DONE, EXIT or not found), nothing of the directory changed for {@code --quiet-minutes} (default {@link #QUIET_MINUTES})
 * (a POST_EXEC between the job's end and its {@code brestart}), and its newest image is older than
 * {@code --older-than}. Pure.
 *
 * @param remove whether the images go
 * @param why for the report
 */
record SweepDecision(boolean remove, String why) {
    /** How long a directory must have been left alone: POST_EXEC may still be restarting the job. */
    static final long QUIET_MINUTES = 15;

    static SweepDecision of(
            CheckpointRoot.JobDirectory dir,
            List<Long> chain,
            Map<Long, String> states,
            long nowMillis,
            long olderThanDays,
            long quietMinutes) {
        if (dir.imageBytes() == 0) {
            return new SweepDecision(false, "no images");
        }
        if (chain.isEmpty()) {
            return new SweepDecision(false, "not named for a job id, and no state names one");
        }
        for (long id : chain) {
            String stat = states.get(id);
            if (stat == null) {
                return new SweepDecision(false, "LSF said nothing of job " + id);
            }
            if (!stat.equals("DONE") && !stat.equals("EXIT") && !stat.equals(LsfOutputs.NOT_FOUND)) {
                return new SweepDecision(false, "job " + id + " is " + stat);
            }
        }
        if (nowMillis - dir.lastChangeMillis() < quietMinutes * 60_000) {
            return new SweepDecision(false, "changed " + (nowMillis - dir.lastChangeMillis()) / 1000 + " s ago");
        }
        if (nowMillis - dir.newestImageMillis() < olderThanDays * 86_400_000L) {
            return new SweepDecision(false, "its newest image is under " + olderThanDays + " days old");
        }
        return new SweepDecision(
                true,
                "job "
                        + chain.stream()
                                .map(String::valueOf)
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("") + " "
                        + chain.stream().map(states::get).distinct().toList() + " in LSF");
    }
}
