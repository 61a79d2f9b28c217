package criu.invoke.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job user can plant in a checkpoint directory, against the one reader and deleter of such files. */
class UserFilesTest {
    @TempDir
    Path tmp;

    @Test
    void onlyARegularFileWithinItsBoundIsRead() throws Exception {
        Path file = Files.writeString(tmp.resolve("pid"), "123\n");
        assertEquals("123\n", UserFiles.readString(file, 32));
        assertEquals(Optional.of("123"), UserFiles.readIfPresent(file, 32));
        Path secret = Files.writeString(tmp.resolve("secret"), "hunter2 the first token of a root file\n");
        Path link = Files.createSymbolicLink(tmp.resolve("manifest.json"), secret);
        IOException linked = assertThrows(IOException.class, () -> UserFiles.read(link, 1 << 20));
        assertFalse(linked.getMessage().contains("hunter2"), linked.getMessage());
        Path zero = Files.createSymbolicLink(tmp.resolve("zero"), Path.of("/dev/zero"));
        assertThrows(IOException.class, () -> UserFiles.read(zero, 1 << 20), "a link to /dev/zero is never read");
        assertThrows(IOException.class, () -> UserFiles.read(Path.of("/dev/zero"), 1 << 20), "nor a device");
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertThrows(IOException.class, () -> UserFiles.read(fifo, 32), "a FIFO is refused, not blocked on");
        Path big = Files.write(tmp.resolve("big"), new byte[33]);
        assertThrows(IOException.class, () -> UserFiles.read(big, 32));
        assertEquals(Optional.empty(), UserFiles.readIfPresent(tmp.resolve("absent"), 32));
    }

    @Test
    void aDirectoryIsActedInOnlyWhenItIsRealTheUsersAndWritableByNoOneElse() throws Exception {
        long me = ProcFs.system().uid();
        Path dir = Files.createDirectory(tmp.resolve("7"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Optional.empty(), UserFiles.ownedDirectoryRefusal(dir, me));
        assertTrue(UserFiles.ownedDirectoryRefusal(dir, me + 1).orElseThrow().contains("belongs to uid " + me));
        Path link = Files.createSymbolicLink(tmp.resolve("8"), dir);
        assertTrue(UserFiles.ownedDirectoryRefusal(link, me).orElseThrow().contains("symbolic link"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(
                UserFiles.ownedDirectoryRefusal(dir, me).orElseThrow().contains("writable by its group or by others"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertTrue(UserFiles.ownedDirectoryRefusal(dir, me).isPresent(), "group-writable");
    }

    /**
     * The doctor's clean-up route: while the tree is deleted, the user swaps a directory of it for a
     * link to a directory of root's that holds files of the same names, again and again. Deleting
     * path by path after a walk removed root's files; relative to open directories, never one.
     */
    @Test
    void aDirectorySwappedForALinkDuringTheDeletionNeverLeadsItOutOfTheTree() throws Exception {
        Path outside = Files.createDirectory(tmp.resolve("root-only"));
        Path tree = Files.createDirectory(tmp.resolve("trial"));
        for (int round = 0; round < 20; round++) {
            Path images = Files.createDirectories(tree.resolve("images"));
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                names.add("pages-" + i + ".img");
                Files.writeString(images.resolve(names.get(i)), "x");
                Files.writeString(outside.resolve(names.get(i)), "root's");
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread swapper = new Thread(() -> {
                Path aside = tree.resolve("aside");
                while (!stop.get()) {
                    try {
                        Files.move(tree.resolve("images"), aside);
                        Files.createSymbolicLink(tree.resolve("images"), outside);
                        Thread.onSpinWait();
                        Files.delete(tree.resolve("images"));
                        Files.move(aside, tree.resolve("images"));
                    } catch (IOException e) {
                        // the deletion took the entry first: swap what is there next time
                    }
                }
            });
            swapper.start();
            try {
                UserFiles.deleteTree(tree);
            } catch (IOException e) {
                // a swap under way may make one step fail: what matters is what was left alone
            } finally {
                stop.set(true);
                swapper.join();
            }
            for (String n : names) {
                assertTrue(Files.exists(outside.resolve(n)), "round " + round + ": deleted " + outside.resolve(n));
            }
            UserFiles.deleteTree(tree);
            assertFalse(Files.exists(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            Files.createDirectory(tree);
        }
    }
}
