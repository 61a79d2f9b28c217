package lsf.env;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * The PIDs of {@code bjobs -o "pids ..." -json}: every value is a string; {@code PIDS} is
     * {@code ""} (IBM) or {@code "-"} (volclava) when unknown, else a comma list; an unknown job
     * gives a record with an {@code ERROR} key. Stray control bytes (volclava) are ignored.
     */
    public static JobPids bjobsPids(String json) {
        String clean = json.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]", "").strip();
        Object doc;
        try {
            doc = JSON.std.anyFrom(clean);
        } catch (IOException | RuntimeException e) {
            return JobPids.failed("bjobs printed no JSON: " + abbreviate(clean));
        }
        if (!(doc instanceof Map<?, ?> top) || !(top.get("RECORDS") instanceof List<?> records)) {
            return JobPids.failed("bjobs JSON has no RECORDS list: " + abbreviate(clean));
        }
        if (records.isEmpty() || !(records.get(0) instanceof Map<?, ?> record)) {
            return JobPids.failed("bjobs JSON has no job record: " + abbreviate(clean));
        }
        if (record.get("ERROR") != null) {
            return JobPids.failed("bjobs: " + record.get("ERROR"));
        }
        Object pids = record.get("PIDS");
        List<Long> out = new ArrayList<>();
        String text = pids == null ? "" : pids.toString().strip();
        if (text.isEmpty() || text.equals("-")) {
            return new JobPids(out, Optional.empty());
        }
        for (String token : text.split("[,\\s]+")) {
            try {
                long pid = Long.parseLong(token);
                if (pid > 0) {
                    out.add(pid);
                }
            } catch (NumberFormatException e) {
                return JobPids.failed("bjobs PIDS '" + text + "' has a non-number '" + token + "'");
            }
        }
        return new JobPids(out, Optional.empty());
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
