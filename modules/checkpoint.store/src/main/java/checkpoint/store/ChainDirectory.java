package checkpoint.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a job's checkpoint directory under any of its chain's job ids. LSF renames
 * {@code <dir>/<old id>} to {@code <dir>/<new id>} at each restart and removes the old id's link
 * after the next checkpoint, so a path named for an earlier instance (a watchdog armed by it, an
 * administrator's {@code lsf-criu status}) may lead nowhere: the chain's directory is the sibling
 * whose state records a run of that id.
 */
public final class ChainDirectory {
    private ChainDirectory() {}

    /**
     * The directory of the chain that job {@code <requested's name>} belongs to: {@code requested}
     * itself while it is a directory, else the sibling (a real directory, never a link) whose state
     * names that job; empty when there is none.
     */
    public static Optional<Path> current(Path requested) {
        return Files.isDirectory(requested) ? Optional.of(requested) : sibling(requested);
    }

    /** The sibling of {@code requested} (a real directory, never a link) whose state names job {@code <requested's name>}. */
    public static Optional<Path> sibling(Path requested) {
        String name =
                requested.getFileName() == null ? "" : requested.getFileName().toString();
        Path parent = requested.toAbsolutePath().getParent();
        if (!name.matches("[0-9]{1,18}") || parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        long id = Long.parseLong(name);
        try (Stream<Path> siblings = Files.list(parent)) {
            return siblings.filter(p -> p.getFileName().toString().matches("[0-9]{1,18}"))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> names(p, id))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean names(Path dir, long id) {
        try {
            return new StateFile(dir)
                    .read()
                    .map(st -> st.firstJobId() == id || st.run(id).isPresent())
                    .orElse(false);
        } catch (StateFileException e) {
            return false;
        }
    }
}
