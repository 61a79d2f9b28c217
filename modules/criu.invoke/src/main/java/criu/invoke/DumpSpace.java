package criu.invoke;

import criu.invoke.proc.ImageEstimate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a dump may start, for the space it will take: the estimated image against a per-job cap,
 * the checkpoint filesystem's free space (keeping a percentage of it free, with the job's old
 * generations still there while the new one is written) and the user's quota over the checkpoint
 * root (counting what the user holds once this dump's pruning is done). Pure: the figures are read
 * by the caller.
 *
 * @param minFreePercent percent of the filesystem that stays free
 * @param maxImageBytes the largest estimate one job may dump, 0: no cap
 * @param userQuotaBytes what one user may hold below the root, 0: no cap
 */
public record DumpSpace(long minFreePercent, long maxImageBytes, long userQuotaBytes) {
    /**
     * The figures a decision is taken on.
     *
     * @param estimate the estimated image
     * @param filesystemBytes the checkpoint filesystem's size
     * @param usableBytes what this user may still write there
     * @param userHeldBytes the images the user holds below the checkpoint root now
     * @param prunedBytes the job's generations that this dump's commit deletes (kept generations beyond the newest)
     */
    public record Facts(
            ImageEstimate estimate, long filesystemBytes, long usableBytes, long userHeldBytes, long prunedBytes) {}

    /** The limits a dump can be refused by (the configuration keys that set them). */
    public static final String MAX_IMAGE_MIB = "MAX_IMAGE_MIB";

    public static final String MIN_FREE_PERCENT = "MIN_FREE_PERCENT";
    public static final String USER_QUOTA_MIB = "USER_QUOTA_MIB";
    public static final java.util.List<String> LIMITS =
            java.util.List.of(MAX_IMAGE_MIB, MIN_FREE_PERCENT, USER_QUOTA_MIB);

    /**
     * Why no dump starts: the limit (the setting's name) and a sentence with the numbers, and the
     * numbers for the event.
     */
    public record Refusal(String limit, String message, Map<String, Object> figures) {}

    /** Why the dump must not start, or empty when it fits every limit. */
    public Optional<Refusal> check(Facts f) {
        long need = f.estimate().bytes();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("estimate_bytes", need);
        figures.put("tasks", f.estimate().tasks());
        if (maxImageBytes > 0 && need > maxImageBytes) {
            figures.put("max_image_bytes", maxImageBytes);
            return Optional.of(new Refusal(
                    MAX_IMAGE_MIB,
                    "the estimated image of " + mib(need) + " is above MAX_IMAGE_MIB (" + mib(maxImageBytes) + ")",
                    figures));
        }
        long keepFree = f.filesystemBytes() / 100 * minFreePercent;
        if (f.usableBytes() - need < keepFree) {
            figures.put("filesystem_bytes", f.filesystemBytes());
            figures.put("usable_bytes", f.usableBytes());
            figures.put("keep_free_bytes", keepFree);
            return Optional.of(new Refusal(
                    MIN_FREE_PERCENT,
                    "the checkpoint filesystem has " + mib(f.usableBytes()) + " free of " + mib(f.filesystemBytes())
                            + "; the estimated image of " + mib(need) + " would leave less than the "
                            + mib(keepFree) + " that MIN_FREE_PERCENT=" + minFreePercent + " keeps free",
                    figures));
        }
        long held = Math.max(0, f.userHeldBytes() - f.prunedBytes()) + need;
        if (userQuotaBytes > 0 && held > userQuotaBytes) {
            figures.put("user_held_bytes", f.userHeldBytes());
            figures.put("pruned_bytes", f.prunedBytes());
            figures.put("user_quota_bytes", userQuotaBytes);
            return Optional.of(new Refusal(
                    USER_QUOTA_MIB,
                    "the job's user holds " + mib(f.userHeldBytes()) + " of images below the checkpoint root"
                            + (f.prunedBytes() > 0 ? " (" + mib(f.prunedBytes()) + " of them pruned by this dump)" : "")
                            + "; with the estimated image of " + mib(need) + " that is " + mib(held)
                            + ", above USER_QUOTA_MIB (" + mib(userQuotaBytes) + ")",
                    figures));
        }
        return Optional.empty();
    }

    /** Bytes as MiB for people, rounded up. */
    static String mib(long bytes) {
        return ((bytes + (1L << 20) - 1) >> 20) + " MiB";
    }
}
