package criu.invoke.proc;

import java.util.List;

/**
 * How large a dump of some processes will be, estimated before criu starts from what
 * {@code /proc/<pid>/smaps_rollup} says of each: criu writes a process's anonymous pages (private
 * memory it touched, copy-on-write copies of file pages included), its swapped-out pages and its
 * share of shared memory; clean file pages stay in their files. Each process also costs its core,
 * memory-map and file images; the margin covers those and what else criu writes (sockets, pipes'
 * buffered data, small copied files). An over-estimate by design: a dump that is refused for space
 * could perhaps have fitted, one that starts does fit.
 *
 * @param bytes the estimate
 * @param tasks the processes counted
 * @param unread processes whose memory could not be read (they ended, or are not this user's)
 */
public record ImageEstimate(long bytes, int tasks, int unread) {
    /** What a process's images cost beyond its memory pages (core, mm, pagemap, fd and file images). */
    public static final long PER_TASK_BYTES = 1L << 20;
    /** A fixed part for the dump's own files (inventory, logs, manifest, file records). */
    public static final long FIXED_BYTES = 4L << 20;
    /** The proportional margin on memory pages, as a divisor: 1/16 more. */
    public static final long MARGIN_DIVISOR = 16;

    /** The estimate for the processes {@code pids}, read now through {@code proc}. */
    public static ImageEstimate of(ProcFs proc, List<Long> pids) {
        long pages = 0;
        int unread = 0;
        for (long pid : pids) {
            java.util.OptionalLong b = proc.smapsRollup(pid).stream()
                    .mapToLong(ImageEstimate::dumpedBytes)
                    .findFirst();
            if (b.isPresent()) {
                pages += b.getAsLong();
            } else {
                unread++;
            }
        }
        return new ImageEstimate(
                pages + pages / MARGIN_DIVISOR + PER_TASK_BYTES * pids.size() + FIXED_BYTES, pids.size(), unread);
    }

    /**
     * The bytes criu dumps of one process, from the text of its {@code smaps_rollup}: {@code Anonymous}
     * plus {@code Swap} plus {@code Pss_Shmem} (each in kB); a field the kernel does not print counts 0.
     * Pure.
     */
    public static long dumpedBytes(String smapsRollup) {
        long kb = 0;
        for (String line : smapsRollup.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            if (key.equals("Anonymous") || key.equals("Swap") || key.equals("Pss_Shmem")) {
                String[] words = line.substring(colon + 1).trim().split("\\s+");
                if (words.length >= 1 && words[0].matches("[0-9]{1,15}")) {
                    kb += Long.parseLong(words[0]);
                }
            }
        }
        return kb << 10;
    }

    /** The estimate in MiB, rounded up, for people. */
    public long mebibytes() {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
