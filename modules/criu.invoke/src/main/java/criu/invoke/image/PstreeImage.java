package criu.invoke.image;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads criu's {@code pstree.img}: the pids, parents, groups, sessions and threads of every task
 * in an image ({@code PstreeEntry} records, see {@link ProtoReader}), so that a restore can check
 * exactly the ids it needs. Pure.
 */
public final class PstreeImage {
    /** The most a process tree image may be (a record per task of the job). */
    public static final int MAX_BYTES = 16 << 20;

    static final int PSTREE_MAGIC = 0x50273030;

    private PstreeImage() {}

    /** One task of the image. */
    public record Task(long pid, long ppid, long pgid, long sid, List<Long> threads) {}

    /**
     * Parses the bytes of {@code pstree.img}.
     *
     * @throws IllegalArgumentException when they are not a pstree image
     */
    public static List<Task> parse(byte[] bytes) {
        List<Task> tasks = new ArrayList<>();
        for (ByteBuffer record : ProtoReader.records(bytes, PSTREE_MAGIC, "pstree")) {
            tasks.add(entry(ProtoReader.fields(record, "pstree entry")));
        }
        return tasks;
    }

    private static Task entry(List<ProtoReader.Field> fields) {
        long[] f = new long[5];
        for (ProtoReader.Field field : fields) {
            if (field.wire() == 0 && field.number() >= 1 && field.number() <= 4) {
                f[field.number()] = field.value();
            }
        }
        if (f[1] == 0) {
            throw new IllegalArgumentException("pstree entry without a pid");
        }
        return new Task(f[1], f[2], f[3], f[4], List.copyOf(ProtoReader.repeated(fields, 5, "pstree entry")));
    }

    /** Every pid and thread id the image will need free on restore. */
    public static List<Long> ids(List<Task> tasks) {
        List<Long> ids = new ArrayList<>();
        for (Task t : tasks) {
            ids.add(t.pid());
            t.threads().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        }
        return ids;
    }
}
