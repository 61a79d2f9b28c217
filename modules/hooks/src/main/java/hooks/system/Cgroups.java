package hooks.system;

import java.util.Optional;

/** The cgroup a process is in, from {@code /proc/self/cgroup} (v2 unified, or v1's first hierarchy). Pure. */
public final class Cgroups {
    private Cgroups() {}

    /**
     * The cgroup path, or empty when the process is in the root cgroup or the text has none: the
     * unified (v2) hierarchy's when it is the only one or holds the process below its root, else
     * the first v1 hierarchy that does (hybrid systems keep jobs in v1 controllers).
     */
    public static Optional<String> path(String procSelfCgroup) {
        String v1 = null;
        String unified = null;
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.strip().split(":", 3);
            if (f.length != 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                unified = f[2];
                continue;
            }
            if (v1 == null && !f[2].equals("/") && !f[2].isEmpty()) {
                v1 = f[2];
            }
        }
        if (unified != null && !unified.equals("/")) {
            return Optional.of(unified);
        }
        return Optional.ofNullable(v1);
    }
}
