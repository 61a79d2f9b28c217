package hooks.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * The dump slot directories of storm control: this host's ({@code DUMP_SLOTS_HOST_DIR}) and the
 * cluster's ({@code DUMP_SLOTS_DIR}): a real directory, root's, mode 1777 (every job user adds slot
 * files, none removes another's). A missing one is made by the first dump, owned by that job's user.
 */
final class DumpSlotsCheck {
    private DumpSlotsCheck() {}

    static List<Check> of(SiteConfig config) {
        List<Check> checks = new ArrayList<>();
        if (config.number(ConfigKey.MAX_CONCURRENT_DUMPS) == 0) {
            checks.add(
                    Check.warn(
                            "dump slots (host)",
                            "MAX_CONCURRENT_DUMPS=0: every job at its limit dumps at once",
                            "set MAX_CONCURRENT_DUMPS (2 is the default) so that a batch of jobs cannot stampede the filesystem"));
        } else {
            checks.add(directory("dump slots (host)", Path.of(config.text(ConfigKey.DUMP_SLOTS_HOST_DIR))));
        }
        if (config.number(ConfigKey.CLUSTER_MAX_CONCURRENT_DUMPS) > 0) {
            checks.add(directory("dump slots (cluster)", Path.of(config.text(ConfigKey.DUMP_SLOTS_DIR))));
        }
        return checks;
    }

    static Check directory(String name, Path dir) {
        String fix = "install -d -m 1777 -o root " + dir;
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return Check.warn(
                        name, dir + " does not exist: the first dump creates it, owned by its job's user", fix);
            }
            if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return Check.fail(
                        name, dir + " is a link or no directory: every dump would fail for want of a slot", fix);
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            if ((mode & 0002) != 0 && (mode & 01000) == 0) {
                return Check.fail(
                        name,
                        dir + " mode " + Integer.toOctalString(mode) + ": world-writable without the sticky bit",
                        fix);
            }
            if (owner != 0) {
                return Check.warn(
                        name,
                        dir + " belongs to uid " + owner + ", who can make every slot busy (checkpoints then fail)",
                        fix);
            }
            return Check.pass(name, dir + " root's, mode " + Integer.toOctalString(mode));
        } catch (IOException | RuntimeException e) {
            return Check.warn(name, "cannot examine " + dir + ": " + e.getMessage(), fix);
        }
    }
}
