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
}
