package criu.invoke.files;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * The one way every program reads, checks and deletes what lies in a job user's checkpoint
 * directory: that user's input, which may be a link, a FIFO, {@code /dev/zero} or a file swapped
 * in between two steps. A file is read only when it is a regular file, opened without following a
 * link, up to a size bound; a directory is acted in only when it is a real directory of the
 * expected owner that nobody else can write; a tree is deleted relative to open directories, so a
 * directory swapped for a link is removed as a link, never followed.
 */
public final class UserFiles {
    private UserFiles() {}

    /**
     * The bytes of {@code file}: a regular file (not a link, FIFO or device) of at most {@code max}
     * bytes.
     *
     * @throws NoSuchFileException when it is absent
     * @throws IOException when it is not such a file, or cannot be read
     */
    public static byte[] read(Path file, int max) throws IOException {
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!before.isRegularFile()) {
            throw new IOException(file + " is not a regular file");
        }
        if (before.size() > max) {
            throw new IOException(file + " is " + before.size() + " bytes, more than the " + max + " it may be");
        }
        // (a FIFO swapped in between the check and the open would block the open: the window is the two calls)
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = java.nio.channels.Channels.newInputStream(ch).readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IOException(file + " grew past the " + max + " bytes it may be");
            }
            return bytes;
        }
    }

    /** As {@link #read(Path, int)}, as UTF-8 text. */
    public static String readString(Path file, int max) throws IOException {
        return new String(read(file, max), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** As {@link #readString(Path, int)}, stripped; empty when the file is absent or not such a file. */
    public static Optional<String> readIfPresent(Path file, int max) {
        try {
            return Optional.of(readString(file, max).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Why {@code dir} is not a directory that user {@code uid} may act in for its owner, or empty:
     * it must be a real directory (not a link to one), owned by {@code uid}, and not writable by
     * its group or others (LSF creates a checkpoint directory 0700).
     */
    public static Optional<String> ownedDirectoryRefusal(Path dir, long uid) {
        PosixFileAttributes a;
        int owner;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot examine " + dir + ": " + e.getMessage());
        }
        if (a.isSymbolicLink()) {
            return Optional.of(dir + " is a symbolic link, not a directory of the job's own");
        }
        if (!a.isDirectory()) {
            return Optional.of(dir + " is not a directory");
        }
        if (owner != uid) {
            return Optional.of(dir + " belongs to uid " + owner + ", not to uid " + uid);
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of(dir + " is writable by its group or by others ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(p) + ")");
        }
        return Optional.empty();
    }

    /**
     * Removes {@code dir} and everything below it, each entry relative to its open parent and never
     * through a link: a link anywhere in the tree (also one swapped in for a directory meanwhile)
     * is itself removed, and what it points to is left alone. An absent directory is no error.
     */
    public static void deleteTree(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> up = Files.newDirectoryStream(parent)) {
            if (!(up instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("this platform cannot delete " + dir + " relative to an open directory");
            }
            deleteEntry(secure, absolute.getFileName());
        }
    }

    private static void deleteEntry(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        BasicFileAttributes a;
        try {
            a = parent.getFileAttributeView(
                            name, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return;
        }
        if (!a.isDirectory()) {
            parent.deleteFile(name); // a file, a link (to anything) or a FIFO: the entry itself goes
            return;
        }
        try (SecureDirectoryStream<Path> child = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : child) {
                deleteEntry(child, entry.getFileName());
            }
        }
        parent.deleteDirectory(name);
    }
}
