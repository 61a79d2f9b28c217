package hooks.system;

import java.io.IOException;
import java.nio.file.Path;

/** Who this process runs as. */
public final class Identity {
    private Identity() {}

    /** True when the real user id is 0. */
    public static boolean isRoot() {
        try {
            return criu.invoke.ProcFiles.read(Path.of("/proc/self/status"))
                    .lines()
                    .filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.substring(4).strip().split("\\s+")[0])
                    .findFirst()
                    .map("0"::equals)
                    .orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** This host's name. */
    public static String hostname() {
        try {
            return criu.invoke.ProcFiles.read(Path.of("/proc/sys/kernel/hostname"))
                    .strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
