package hooks.programs;

import java.nio.file.Path;

/**
 * The events the restart command (a shell script, {@code lsf-criu-restart}) recorded for this job: it
 * counts no metrics and sends no notification itself, so POST_EXEC, which runs once after each job
 * instance, passes them on to its log's listeners (restores done and failed, their seconds).
 */
final class RestartCommandEvents {
    /** The most of an event file read (a job's is a few KiB; the file is the job user's). */
    static final int MAX_BYTES = 8 << 20;

    private RestartCommandEvents() {}

    /** Relays to {@code log}'s listeners the restart command's events for job {@code jobId} in {@code chk}. */
    static void relay(Path chk, long jobId, JobLog log) {
        String job = "job " + jobId;
        String text = criu.invoke.files.UserFiles.readIfPresent(chk.resolve(JobLog.EVENTS), MAX_BYTES)
                .orElse("");
        for (String line : text.split("\n")) {
            if (!line.contains("\"lsf-criu-restart\"")) {
                continue;
            }
            // a torn line (a full disk) counts nothing
            checkpoint.store.JsonText.object(line)
                    .filter(e -> "lsf-criu-restart".equals(e.get("program")) && job.equals(e.get("job")))
                    .ifPresent(log::relay);
        }
    }
}
