package criu.invoke.image;

import criu.invoke.files.UserFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The image files of a generation: listing them for the manifest and verifying them against it.
 * Logs and criu's statistics files are not image files (a restore writes new ones).
 */
public final class ImageFiles {
    private ImageFiles() {}

    static boolean isImageFile(String name) {
        return !name.equals(Manifest.NAME)
                && !name.endsWith(".log")
                && !name.startsWith("stats-")
                && !name.endsWith(".tmp");
    }

    /** The image files of {@code dir}, sorted, with sizes and, when asked, SHA-256. */
    public static List<Manifest.ImageFile> list(Path dir, boolean checksums) throws IOException {
        List<Manifest.ImageFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (isImageFile(name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(new Manifest.ImageFile(
                            name, Files.size(p), checksums ? Optional.of(sha256(p)) : Optional.empty()));
                }
            }
        }
        files.sort((a, b) -> a.name().compareTo(b.name()));
        return files;
    }

    /**
     * Puts every file of a generation on stable storage (fsync of each regular file, of each
     * subdirectory and of {@code dir} itself), so that a generation committed after it can never lose
     * pages to a host crash. Links are not followed; returns the bytes flushed.
     */
    public static long flush(Path dir) throws IOException {
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(
                        p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    bytes += flush(p);
                } else if (a.isRegularFile()) {
                    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                            p, java.nio.file.StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                        ch.force(true);
                    }
                    bytes += a.size();
                }
            }
        }
        try (java.nio.channels.FileChannel d =
                java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        }
        return bytes;
    }

    /**
     * Checks a generation against its manifest: every file present, of its size, of its checksum.
     *
     * @return the manifest, or the first problem found
     */
    public static Verified verify(Path generation) {
        Path manifestFile = generation.resolve(Manifest.NAME);
        Manifest manifest;
        try {
            manifest = Manifest.parse(UserFiles.readString(manifestFile, Manifest.MAX_BYTES));
        } catch (IOException e) {
            return Verified.problem("generation " + generation + " has no readable manifest (" + e.getMessage()
                    + "): the dump did not complete");
        } catch (IllegalArgumentException e) {
            return Verified.problem(manifestFile + ": " + e.getMessage());
        }
        for (Manifest.ImageFile f : manifest.files()) {
            Path p = generation.resolve(f.name());
            try {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    return Verified.problem("image file " + p + " is missing");
                }
                long size = Files.size(p);
                if (size != f.size()) {
                    return Verified.problem("image file " + p + " is " + size + " bytes, the manifest says " + f.size()
                            + (size < f.size() ? ": truncated" : ": changed"));
                }
                if (f.sha256().isPresent() && !f.sha256().get().equals(sha256(p))) {
                    return Verified.problem("image file " + p + " does not match its SHA-256 in the manifest");
                }
            } catch (IOException e) {
                return Verified.problem("cannot read image file " + p + ": " + e.getMessage());
            }
        }
        return new Verified(Optional.of(manifest), Optional.empty());
    }

    /** A verified manifest, or the problem that stops a restore. */
    public record Verified(Optional<Manifest> manifest, Optional<String> problem) {
        static Verified problem(String why) {
            return new Verified(Optional.empty(), Optional.of(why));
        }
    }

    static String sha256(Path p) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
