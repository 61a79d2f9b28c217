package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void noFileIsNoState() {
        assertEquals(Optional.empty(), new StateFile(dir).read());
        assertEquals(StateSnapshot.none(), StateSnapshot.read(new StateFile(dir)));
    }

    @Test
    void updateWritesMode0600AndLeavesNoTemporaryFile() throws IOException {
        StateFile f = new StateFile(dir);
        CheckpointState s = f.update(before -> CheckpointState.initial(5, 100));
        assertEquals(Optional.of(s), f.read());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "state and lock only");
        }
    }

    @Test
    void anUnchangedStateIsNotRewritten() throws IOException {
        StateFile f = new StateFile(dir);
        f.update(before -> CheckpointState.initial(5, 100));
        long inode = (long) Files.getAttribute(f.path(), "unix:ino");
        f.update(Optional::orElseThrow);
        assertEquals(inode, (long) Files.getAttribute(f.path(), "unix:ino"));
    }

    @Test
    void leftoversOfADeadWriterAreRemovedUnderTheLock() throws IOException {
        Path leftover = Files.writeString(dir.resolve(StateFile.NAME + ".0123abcd.tmp"), "{\"version\":");
        new StateFile(dir).update(before -> CheckpointState.initial(5, 100));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void aSymlinkPlantedAsTheStateFileIsRefusedNotFollowed() throws IOException {
        Path target = Files.writeString(dir.resolve("victim"), "precious");
        Files.createSymbolicLink(dir.resolve(StateFile.NAME), target);
        StateFile f = new StateFile(dir);
        StateFileException read = assertThrows(StateFileException.class, f::read);
        assertTrue(
                read.getMessage().startsWith("refusing " + dir.resolve(StateFile.NAME) + ": it is a symbolic link"),
                read.getMessage());
        assertThrows(StateFileException.class, () -> f.update(b -> CheckpointState.initial(1, 1)));
        assertEquals("precious", Files.readString(target));
        assertTrue(StateSnapshot.read(f).problem().isPresent());
    }

    @Test
    void aSymlinkPlantedAsTheLockIsRefusedNotFollowed() throws IOException {
        Path target = dir.resolve("victim-lock");
        Files.createSymbolicLink(dir.resolve(StateFile.LOCK), target);
        StateFileException e = assertThrows(
                StateFileException.class, () -> new StateFile(dir).update(b -> CheckpointState.initial(1, 1)));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertFalse(Files.exists(target), "the lock's symlink target was created");
    }

    @Test
    void aDirectoryWhereTheStateShouldBeIsRefused() throws IOException {
        Files.createDirectory(dir.resolve(StateFile.NAME));
        StateFileException e = assertThrows(StateFileException.class, () -> new StateFile(dir).read());
        assertTrue(e.getMessage().endsWith("it is not a regular file"), e.getMessage());
    }

    @Test
    void aCorruptFileIsAProblemNotAnException() throws IOException {
        Files.writeString(dir.resolve(StateFile.NAME), "{\"version\": \"V1\", \"job_");
        StateSnapshot s = StateSnapshot.read(new StateFile(dir));
        assertTrue(s.state().isEmpty());
        assertTrue(
                s.problem().orElseThrow().contains("is not valid JSON"),
                s.problem().toString());
    }

    @Test
    void theCheckpointDirectoryMayItselfBeLsfsOldToNewSymlink() throws IOException {
        Path renamed = Files.createDirectory(dir.resolve("10"));
        Path old = Files.createSymbolicLink(dir.resolve("9"), renamed);
        new StateFile(old).update(b -> CheckpointState.initial(9, 1));
        assertEquals(9, new StateFile(renamed).read().orElseThrow().jobId());
    }
}
