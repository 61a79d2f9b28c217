package criu.invoke.proc;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads small files of /proc. {@code Files.readString} must not be used there: the files report a
 * size of 0, so it reads one byte first, and a /proc/sys file answers only its first read (the
 * rest of {@code 32768} is lost). One large read gets the whole value; a missing file throws
 * {@link java.io.FileNotFoundException}.
 */
public final class ProcFiles {
    private static final int MAX = 1 << 20;

    private ProcFiles() {}

    /** The whole content of a /proc file. */
    public static String read(Path file) throws IOException {
        return read(file.toString());
    }

    /**
     * The whole content of a /proc file, by name: the first read of a buffer that holds most of
     * them gets the whole value, and no {@link Path} or channel is built for it (a scan of every
     * process's {@code stat} reads a thousand of them).
     */
    public static String read(String file) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            byte[] buffer = new byte[4096];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length >= MAX) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(MAX, length * 4));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n <= 0) {
                    break;
                }
                length += n;
            }
            return new String(buffer, 0, length, StandardCharsets.UTF_8);
        }
    }
}
