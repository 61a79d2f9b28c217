package criu.invoke;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads criu's {@code pstree.img}: the pids, parents, groups, sessions and threads of every task
 * in an image. A minimal reader of criu's image format (two magic words, then records of a
 * little-endian 32-bit length and a protobuf {@code PstreeEntry}), so that a restore can check
 * exactly the ids it needs. Pure.
 */
public final class PstreeImage {
    static final int IMG_COMMON_MAGIC = 0x54564319;
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
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 8 || buf.getInt() != IMG_COMMON_MAGIC || buf.getInt() != PSTREE_MAGIC) {
            throw new IllegalArgumentException("not a criu pstree image (bad magic)");
        }
        List<Task> tasks = new ArrayList<>();
        while (buf.hasRemaining()) {
            if (buf.remaining() < 4) {
                throw new IllegalArgumentException("pstree image truncated in a record length");
            }
            int size = buf.getInt();
            if (size < 0 || size > buf.remaining()) {
                throw new IllegalArgumentException("pstree image truncated: record of " + size + " bytes, "
                        + buf.remaining() + " left");
            }
            ByteBuffer entry = buf.slice(buf.position(), size);
            buf.position(buf.position() + size);
            tasks.add(entry(entry));
        }
        return tasks;
    }

    private static Task entry(ByteBuffer b) {
        long[] f = new long[5];
        List<Long> threads = new ArrayList<>();
        while (b.hasRemaining()) {
            long key = varint(b);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire == 0) {
                long v = varint(b);
                if (field == 5) {
                    threads.add(v);
                } else if (field >= 1 && field <= 4) {
                    f[field] = v;
                }
            } else if (wire == 2) {
                int len = (int) varint(b);
                ByteBuffer packed = b.slice(b.position(), len);
                b.position(b.position() + len);
                while (field == 5 && packed.hasRemaining()) {
                    threads.add(varint(packed));
                }
            } else if (wire == 5) {
                b.position(b.position() + 4);
            } else if (wire == 1) {
                b.position(b.position() + 8);
            } else {
                throw new IllegalArgumentException("pstree entry has an unknown wire type " + wire);
            }
        }
        if (f[1] == 0) {
            throw new IllegalArgumentException("pstree entry without a pid");
        }
        return new Task(f[1], f[2], f[3], f[4], List.copyOf(threads));
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) {
                throw new IllegalArgumentException("pstree entry truncated in a number");
            }
            byte x = b.get();
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("pstree entry has a number longer than 64 bits");
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
