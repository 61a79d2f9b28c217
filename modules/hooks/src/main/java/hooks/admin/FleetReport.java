package hooks.admin;

import checkpoint.store.metrics.EventMetrics;
import checkpoint.store.metrics.MetricDelta;
import criu.invoke.image.CheckpointRoot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code lsf-criu report} sums across a checkpoint root: from each job's events (counted as the
 * metrics count them, {@link EventMetrics}) the checkpoints, restores and restarts by outcome and
 * reason, the jobs checkpointed and those that ran out of restarts; from the directories the bytes
 * each user holds and the oldest images; from sweep's decisions what it would free. Pure.
 */
final class FleetReport {
    /** How many of the oldest image directories are listed. */
    static final int OLDEST = 10;

    private final Optional<Instant> since;
    private int directories;
    private int unreadable;
    private int checkpointed;
    private int outOfRestarts;
    private final Map<String, Double> counts = new TreeMap<>();
    private final Map<String, long[]> byUser = new TreeMap<>();
    private final List<Map<String, Object>> oldest = new ArrayList<>();
    private Optional<long[]> sweep = Optional.empty();

    FleetReport(Optional<Instant> since) {
        this.since = since;
    }

    /** One job directory, its owner's name, and its events ({@code null}: they could not be read). */
    void add(CheckpointRoot.JobDirectory d, String owner, List<Map<String, Object>> events) {
        directories++;
        if (events == null) {
            unreadable++;
            events = List.of();
        }
        boolean done = false;
        boolean exhausted = false;
        for (Map<String, Object> e : events) {
            if (since.isPresent() && !after(e, since.get())) {
                continue;
            }
            for (MetricDelta delta : EventMetrics.of(e)) {
                if (!delta.family().isTimestamp()) {
                    counts.merge(key(delta), delta.value(), Double::sum);
                }
            }
            done |= "checkpoint_done".equals(e.get("event"));
            exhausted |= "terminate_decision".equals(e.get("event"))
                    && EventMetrics.killReason(String.valueOf(e.get("reason")))
                            .filter("restart_limit"::equals)
                            .isPresent();
        }
        checkpointed += done ? 1 : 0;
        outOfRestarts += exhausted ? 1 : 0;
        if (d.imageBytes() > 0) {
            long[] u = byUser.computeIfAbsent(owner, k -> new long[2]);
            u[0] += d.imageBytes();
            u[1]++;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("dir", d.dir().toString());
            o.put("user", owner);
            o.put("image_bytes", d.imageBytes());
            o.put("newest_image", Instant.ofEpochMilli(d.newestImageMillis()).toString());
            oldest.add(o);
            oldest.sort(Comparator.comparing(m -> (String) m.get("newest_image")));
            if (oldest.size() > OLDEST) {
                oldest.remove(OLDEST);
            }
        }
    }

    /** What sweep would free (empty: LSF gave no answer, so it is not known). */
    void sweep(Optional<List<SweepCommand.Row>> rows) {
        sweep = rows.map(rs -> new long[] {
            rs.stream()
                    .filter(r -> r.decision().remove())
                    .mapToLong(r -> r.dir().imageBytes())
                    .sum(),
            rs.stream().filter(r -> r.decision().remove()).count()
        });
    }

    Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        since.ifPresent(s -> doc.put("since", s.toString()));
        doc.put("job_directories", directories);
        doc.put("unreadable_event_files", unreadable);
        doc.put("jobs_checkpointed", checkpointed);
        doc.put("jobs_out_of_restarts", outOfRestarts);
        Map<String, Object> c = new LinkedHashMap<>();
        counts.forEach((k, v) -> c.put(k, v == Math.rint(v) ? (Object) (long) Math.rint(v) : (Object) v));
        doc.put("counts", c);
        Map<String, Object> users = new LinkedHashMap<>();
        byUser.forEach((u, v) -> users.put(u, Map.of("image_bytes", v[0], "directories", v[1])));
        doc.put("images_by_user", users);
        doc.put("oldest_images", List.copyOf(oldest));
        Map<String, Object> sw = new LinkedHashMap<>();
        sw.put("known", sweep.isPresent());
        sweep.ifPresent(s -> {
            sw.put("would_free_bytes", s[0]);
            sw.put("directories", s[1]);
        });
        doc.put("sweep", sw);
        return doc;
    }

    void print(java.io.PrintWriter out, String root) {
        out.println("lsf-criu report of " + root + ": " + directories + " job directories"
                + since.map(s -> ", events since " + s).orElse("")
                + (unreadable > 0 ? " (" + unreadable + " event files unreadable)" : ""));
        out.printf("  %-44s %d%n", "jobs checkpointed", checkpointed);
        out.printf("  %-44s %d%n", "jobs out of restarts", outOfRestarts);
        counts.forEach((k, v) -> out.printf(
                "  %-44s %s%n", k, v == Math.rint(v) ? Long.toString((long) Math.rint(v)) : String.format("%.1f", v)));
        out.println("images held, by user:");
        byUser.forEach((u, v) -> out.printf("  %-20s %10d MiB in %d directories%n", u, mib(v[0]), v[1]));
        out.println("oldest images:");
        for (Map<String, Object> o : oldest) {
            out.printf(
                    "  %s  %s  %s  %d MiB%n",
                    o.get("newest_image"), o.get("dir"), o.get("user"), mib((Long) o.get("image_bytes")));
        }
        out.println(sweep.map(
                        s -> "sweep would free " + mib(s[0]) + " MiB (" + s[0] + " bytes) in " + s[1] + " directories")
                .orElse("sweep would free: unknown (bjobs gave no answer)"));
    }

    /** A count's name: the metric's, less its prefix, with its labels ({@code checkpoints_total outcome=done}). */
    private static String key(MetricDelta d) {
        StringBuilder b = new StringBuilder(d.family().metric().replaceFirst("^lsf_criu_", ""));
        d.labels().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    private static boolean after(Map<String, Object> e, Instant since) {
        try {
            return !Instant.parse(String.valueOf(e.get("time"))).isBefore(since);
        } catch (RuntimeException ex) {
            return false;
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
