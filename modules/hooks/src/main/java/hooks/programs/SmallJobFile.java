package hooks.programs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads one of the few-byte files the restart command leaves in a checkpoint directory (a pid, a job
 * id). They are the job user's: only a regular file of at most {@value #MAX} bytes counts, opened
 * without following a link, never a FIFO to block on; anything else reads as absent.
 */
public final class SmallJobFile {
    static final int MAX = 32;

    private SmallJobFile() {}

    /** The file's text, stripped; empty when it is absent or not such a file. */
    static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX) {
                return Optional.empty();
            }
            try (SeekableByteChannel ch =
                    Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.allocate(MAX + 1);
                while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                    // a regular file of at most MAX bytes: a few reads at most
                }
                return buffer.position() > MAX
                        ? Optional.empty()
                        : Optional.of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip());
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
