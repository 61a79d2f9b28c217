package criu.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads small files of /proc. {@code Files.readString} must not be used there: the files report a
 * size of 0, so it reads one byte first, and a /proc/sys file answers only its first read (the
 * rest of {@code 32768} is lost). One large read gets the whole value.
 */
public final class ProcFiles {
    private static final int MAX = 1 << 20;

    private ProcFiles() {}

    /** The whole content of a /proc file. */
    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX), StandardCharsets.UTF_8);
        }
    }
}
