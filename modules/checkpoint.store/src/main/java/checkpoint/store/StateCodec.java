package checkpoint.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state file's JSON, read and written by hand through maps (no reflection, so it works in a
 * stripped runtime image). Reads V1 (the replaced tool's) and V2; writes V2, a superset of V1 in
 * which every V1 key keeps its meaning. Pure: no I/O.
 */
public final class StateCodec {
    private StateCodec() {}

    /** The state as V2 JSON text. */
    public static String write(CheckpointState s) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", CheckpointState.CURRENT_VERSION);
        doc.put("job_id", s.jobId());
        doc.put("timestamp", s.timestamp());
        doc.put("chkpnt_state", s.phase().code());
        doc.put("overrun_restarts", s.overrunRestarts());
        doc.put("should_restart", s.shouldRestart());
        doc.put("summary_info", runs(s));
        doc.put("first_job_id", s.firstJobId());
        s.lastError().ifPresent(e -> doc.put("last_error", e));
        return JsonText.pretty(doc) + "\n";
    }

    /** The runs as JSON values: V1's {@code summary_info} keys, then V2's. */
    static List<Object> runs(CheckpointState s) {
        List<Object> runs = new ArrayList<>();
        for (RunRecord r : s.runs()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", r.jobId());
            run.put("start_time", r.startTime());
            run.put("runtime", r.runtimeSeconds());
            r.host().ifPresent(h -> run.put("host", h));
            r.endTime().ifPresent(e -> run.put("end_time", e));
            r.outcome().ifPresent(o -> run.put("outcome", o));
            if (!r.checkpoint().isEmpty()) {
                run.put("checkpoint", new java.util.TreeMap<>(r.checkpoint()));
            }
            runs.add(run);
        }
        return runs;
    }

    /**
     * Parses state JSON; {@code source} names it in messages.
     *
     * @throws StateFileException naming the file and the key for anything it cannot use
     */
    public static CheckpointState read(String source, String json) {
        Object parsed;
        try {
            parsed = StateJson.parse(json);
        } catch (StateJson.MalformedJsonException e) {
            throw new StateFileException(source + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (!(parsed instanceof Map<?, ?> doc)) {
            throw new StateFileException(source + " is not a JSON object");
        }
        Fields f = new Fields(source, doc);
        String version = f.text("version");
        if (!version.equals("V1") && !version.equals(CheckpointState.CURRENT_VERSION)) {
            throw new StateFileException(source + ": unknown state version '" + version
                    + "' (this lsf-criu reads V1 and " + CheckpointState.CURRENT_VERSION + ")");
        }
        long jobId = f.positive("job_id");
        CheckpointPhase phase;
        try {
            phase = CheckpointPhase.ofCode(f.number("chkpnt_state"));
        } catch (IllegalArgumentException e) {
            throw new StateFileException(source + ": " + e.getMessage(), e);
        }
        List<RunRecord> runs = new ArrayList<>();
        for (Map<?, ?> run : f.objects("summary_info")) {
            runs.add(run(new Fields(source + " summary_info", run)));
        }
        long first = doc.containsKey("first_job_id")
                ? f.positive("first_job_id")
                : runs.isEmpty() ? jobId : runs.get(0).jobId();
        int restarts = (int) f.range("overrun_restarts", 0, 0, Integer.MAX_VALUE);
        return new CheckpointState(
                version,
                jobId,
                first,
                f.range("timestamp", 0, 0, Long.MAX_VALUE),
                phase,
                restarts,
                f.bool("should_restart"),
                runs,
                f.optionalText("last_error"));
    }

    private static RunRecord run(Fields f) {
        Map<String, Long> figures = new LinkedHashMap<>();
        f.object("checkpoint").forEach((k, v) -> {
            if (!(v instanceof Number n)) {
                throw new StateFileException(f.source + ": checkpoint figure " + k + "=" + v + " is not a number");
            }
            figures.put(k.toString(), n.longValue());
        });
        OptionalLong end =
                f.has("end_time") ? OptionalLong.of(f.range("end_time", 0, 0, Long.MAX_VALUE)) : OptionalLong.empty();
        return new RunRecord(
                f.positive("id"),
                f.range("start_time", 0, 0, Long.MAX_VALUE),
                f.range("runtime", 0, 0, Long.MAX_VALUE),
                f.optionalText("host"),
                end,
                f.optionalText("outcome"),
                figures);
    }

    static String firstLine(String s) {
        return s == null ? "(no detail)" : s.strip().lines().findFirst().orElse("");
    }

    /** Typed access to one JSON object's keys, with messages naming the source and key. */
    private static final class Fields {
        final String source;
        final Map<?, ?> doc;

        Fields(String source, Map<?, ?> doc) {
            this.source = source;
            this.doc = doc;
        }

        boolean has(String key) {
            return doc.get(key) != null;
        }

        private Object required(String key) {
            Object v = doc.get(key);
            if (v == null) {
                throw new StateFileException(source + ": missing key '" + key + "'");
            }
            return v;
        }

        String text(String key) {
            Object v = required(key);
            if (!(v instanceof String s)) {
                throw new StateFileException(source + ": '" + key + "' is " + v + ", not a string");
            }
            return s;
        }

        Optional<String> optionalText(String key) {
            return has(key) ? Optional.of(text(key)) : Optional.empty();
        }

        long number(String key) {
            Object v = required(key);
            // StateJson yields Long, BigInteger (beyond long: refused here) or Double
            if (v instanceof Double d) {
                if (Double.isFinite(d) && d >= Long.MIN_VALUE && d <= Long.MAX_VALUE) {
                    return (long) Math.floor(d); // Python's time.time() may have written a float
                }
            } else if (v instanceof Long n) {
                return n;
            }
            throw new StateFileException(source + ": '" + key + "' is " + describe(v) + ", not a whole number");
        }

        long range(String key, long absent, long min, long max) {
            if (!has(key)) {
                return absent;
            }
            long n = number(key);
            if (n < min || n > max) {
                throw new StateFileException(source + ": '" + key + "' is " + n + ", outside " + min + ".." + max);
            }
            return n;
        }

        long positive(String key) {
            required(key);
            return range(key, 0, 1, Long.MAX_VALUE);
        }

        boolean bool(String key) {
            Object v = doc.get(key);
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                throw new StateFileException(source + ": '" + key + "' is " + describe(v) + ", not true or false");
            }
            return b;
        }

        List<Map<?, ?>> objects(String key) {
            Object v = doc.get(key);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> list)) {
                throw new StateFileException(source + ": '" + key + "' is " + describe(v) + ", not a list");
            }
            List<Map<?, ?>> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw new StateFileException(
                            source + ": an entry of '" + key + "' is " + describe(o) + ", not an object");
                }
                out.add(m);
            }
            return out;
        }

        Map<?, ?> object(String key) {
            Object v = doc.get(key);
            if (v == null) {
                return Map.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw new StateFileException(source + ": '" + key + "' is " + describe(v) + ", not an object");
            }
            return m;
        }

        private static String describe(Object v) {
            return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        }
    }
}
