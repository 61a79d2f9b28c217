package criu.invoke.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The little of criu's image format that the toolkit reads itself: two magic words, then records
 * of a little-endian 32-bit length and a protobuf message; and the protobuf wire format of those
 * messages. Images are input from the job's owner: every length is checked. Pure.
 */
final class ProtoReader {
    static final int IMG_COMMON_MAGIC = 0x54564319;

    private ProtoReader() {}

    /** One field of a message: its number, and its value (varint, fixed) or its bytes (length-delimited). */
    record Field(int number, int wire, long value, ByteBuffer bytes) {}

    /** The records of an image whose second magic word is {@code magic}. */
    static List<ByteBuffer> records(byte[] image, int magic, String what) {
        ByteBuffer buf = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 8 || buf.getInt() != IMG_COMMON_MAGIC || buf.getInt() != magic) {
            throw new IllegalArgumentException("not a criu " + what + " image (bad magic)");
        }
        List<ByteBuffer> records = new ArrayList<>();
        while (buf.hasRemaining()) {
            if (buf.remaining() < 4) {
                throw new IllegalArgumentException(what + " image truncated in a record length");
            }
            int size = buf.getInt();
            if (size < 0 || size > buf.remaining()) {
                throw new IllegalArgumentException(
                        what + " image truncated: record of " + size + " bytes, " + buf.remaining() + " left");
            }
            records.add(buf.slice(buf.position(), size));
            buf.position(buf.position() + size);
        }
        return records;
    }

    /** The fields of one message, in order. */
    static List<Field> fields(ByteBuffer b, String what) {
        List<Field> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long key = varint(b, what);
            int number = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> out.add(new Field(number, wire, varint(b, what), null));
                case 2 -> {
                    long len = varint(b, what);
                    if (len < 0 || len > b.remaining()) {
                        throw new IllegalArgumentException(what + " truncated in a field of " + len + " bytes");
                    }
                    out.add(new Field(number, wire, len, b.slice(b.position(), (int) len)));
                    b.position(b.position() + (int) len);
                }
                case 5 -> out.add(new Field(number, wire, skip(b, 4, what), null));
                case 1 -> out.add(new Field(number, wire, skip(b, 8, what), null));
                default -> throw new IllegalArgumentException(what + " has an unknown wire type " + wire);
            }
        }
        return out;
    }

    /** The values of a repeated varint field, packed or not. */
    static List<Long> repeated(List<Field> fields, int number, String what) {
        List<Long> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.number() != number) {
                continue;
            }
            if (f.wire() == 0) {
                values.add(f.value());
            } else if (f.wire() == 2) {
                ByteBuffer packed = f.bytes().duplicate();
                while (packed.hasRemaining()) {
                    values.add(varint(packed, what));
                }
            }
        }
        return values;
    }

    static long varint(ByteBuffer b, String what) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) {
                throw new IllegalArgumentException(what + " truncated in a number");
            }
            byte x = b.get();
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException(what + " has a number longer than 64 bits");
    }

    private static long skip(ByteBuffer b, int n, String what) {
        if (b.remaining() < n) {
            throw new IllegalArgumentException(what + " truncated in a fixed field");
        }
        b.position(b.position() + n);
        return 0;
    }
}
