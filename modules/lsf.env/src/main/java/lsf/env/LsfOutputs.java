package lsf.env;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what LSF's commands print. Pure: no processes. */
public final class LsfOutputs {
    private static final Pattern SUBMITTED = Pattern.compile("Job <(\\d+)> is submitted");

    private LsfOutputs() {}

    /** The new job id from {@code brestart}'s {@code Job <10> is submitted to queue <q>.} line. */
    public static OptionalLong submittedJobId(String output) {
        Matcher m = SUBMITTED.matcher(output);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** What {@link #jobStates} calls a job LSF does not know (any more). */
    public static final String NOT_FOUND = "NOT_FOUND";

    private static final Pattern RECORD = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern JOBID = Pattern.compile("\"JOBID\"\\s*:\\s*\"(\\d{1,12})\"");
    private static final Pattern STAT = Pattern.compile("\"STAT\"\\s*:\\s*\"([A-Z_]{1,16})\"");
    private static final Pattern NOT_FOUND_ERROR = Pattern.compile("Job <(\\d{1,12})> is not found");

    /**
     * The state of each job of {@code bjobs -json -o "jobid stat"} output ({@code RUN}, {@code PEND},
     * {@code DONE}, {@code EXIT}, ...), and {@link #NOT_FOUND} for a record that says LSF does not know
     * the job. A record that is neither is left out: its job's state is unknown.
     */
    public static java.util.Map<Long, String> jobStates(String json) {
        java.util.Map<Long, String> states = new java.util.TreeMap<>();
        Matcher r = RECORD.matcher(json.substring(Math.max(0, json.indexOf('['))));
        while (r.find()) {
            String record = r.group();
            Matcher missing = NOT_FOUND_ERROR.matcher(record);
            Matcher id = JOBID.matcher(record);
            Matcher stat = STAT.matcher(record);
            if (missing.find()) {
                states.put(Long.parseLong(missing.group(1)), NOT_FOUND);
            } else if (id.find() && stat.find()) {
                states.put(Long.parseLong(id.group(1)), stat.group(1));
            }
        }
        return states;
    }
}
