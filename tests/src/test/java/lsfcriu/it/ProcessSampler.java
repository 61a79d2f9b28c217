package lsfcriu.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process of the machine, seen by its identity (pid and start time, so that a reused pid is
 * another process), with its process group, command line, and when it was first and last seen: one
 * scan of /proc every {@link #PERIOD_MILLIS} on a daemon thread, shared by the chaos trials that run
 * at once. What a trial asks of it afterwards (which of its processes lived past a deadline, which
 * are left) it answers from the samples, not from /proc at the time of the question.
 */
final class ProcessSampler {
    static final long PERIOD_MILLIS = 100;

    /** One process: its identity, its group and command line when first seen, and its sightings (nanoTime). */
    static final class Sighting {
        final long pid;
        final long start;
        final long pgid;
        final String cmdline;
        final long firstNanos;
        /** When the incarnation of its process group it joined was first seen (a pgid is reused once it emptied). */
        final long groupBornNanos;

        volatile long lastNanos;

        Sighting(long pid, long start, long pgid, String cmdline, long nanos, long groupBornNanos) {
            this.pid = pid;
            this.start = start;
            this.pgid = pgid;
            this.cmdline = cmdline;
            this.firstNanos = nanos;
            this.lastNanos = nanos;
            this.groupBornNanos = groupBornNanos;
        }

        @Override
        public String toString() {
            return "pid " + pid + " (pgid " + pgid + ", " + cmdline.replaceAll("^(.{0,100}).*", "$1") + ")";
        }
    }

    private static ProcessSampler shared;

    private final Map<String, Sighting> seen = new ConcurrentHashMap<>();
    /** Per process group: {when its current incarnation was first seen, the last scan it had a member}. */
    private final Map<Long, long[]> groups = new ConcurrentHashMap<>();

    private volatile long lastScanNanos;

    private ProcessSampler() {}

    /** The one sampler of this JVM, started on first use. */
    static synchronized ProcessSampler shared() {
        if (shared == null) {
            shared = new ProcessSampler();
            Thread t = new Thread(shared::loop, "chaos-process-sampler");
            t.setDaemon(true);
            t.start();
        }
        return shared;
    }

    private void loop() {
        while (true) {
            scan();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scan() {
        long now = System.nanoTime();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                long[] stat = stat(pid);
                if (stat == null) {
                    continue; // ended, or a zombie: no longer a live process of anyone's
                }
                long[] group = groups.get(stat[0]);
                if (group == null || (group[1] < lastScanNanos && group[1] != now)) {
                    group = new long[] {now, now}; // a new group, or a pgid reused since its group emptied
                    groups.put(stat[0], group);
                }
                group[1] = now;
                String key = pid + ":" + stat[1];
                Sighting s = seen.get(key);
                if (s == null) {
                    seen.put(key, new Sighting(pid, stat[1], stat[0], RacesIT.cmdline(pid), now, group[0]));
                } else {
                    s.lastNanos = now;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a scan that failed half-way is only a sample missed
        }
        lastScanNanos = now;
    }

    /** {pgid, start time} of a live process, or null when it ended or is a zombie. */
    static long[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (f[0].equals("Z") || f[0].equals("X")) {
                return null;
            }
            return new long[] {Long.parseLong(f[2]), Long.parseLong(f[19])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Waits until a whole scan began after now, so that what ended before it is seen as ended. */
    void catchUp() throws InterruptedException {
        long now = System.nanoTime();
        while (lastScanNanos <= now) {
            Thread.sleep(20);
        }
        // the scan that began after now may still be under way: one more
        long next = lastScanNanos;
        while (lastScanNanos <= next) {
            Thread.sleep(20);
        }
    }

    /**
     * Every process seen in one of {@code groups} (pgid, and when the job started in it, nanoTime) or whose
     * command line holds {@code marker}. A process counts for a group only in the incarnation of it the job
     * started in: once a group empties, the kernel may give its number to anyone's new process.
     */
    List<Sighting> of(Map<Long, Long> groups, String marker) {
        long slack = 2_000_000_000L;
        List<Sighting> found = new ArrayList<>();
        for (Sighting s : seen.values()) {
            Long started = groups.get(s.pgid);
            boolean inGroup =
                    started != null && s.groupBornNanos <= started + slack && s.groupBornNanos >= started - 10 * slack;
            if (inGroup || s.cmdline.contains(marker)) {
                found.add(s);
            }
        }
        return found;
    }

    /** Whether the process was still there at the newest scan. */
    boolean aliveNow(Sighting s) {
        return s.lastNanos >= lastScanNanos;
    }

    /** Forgets processes not seen for five minutes (a long run would otherwise keep every pid of the machine). */
    void forgetOld() {
        long cutoff = System.nanoTime() - 300_000_000_000L;
        seen.values().removeIf(s -> s.lastNanos < cutoff);
        groups.values().removeIf(g -> g[1] < cutoff);
    }
}
