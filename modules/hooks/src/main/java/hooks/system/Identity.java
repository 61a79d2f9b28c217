package hooks.system;

import criu.invoke.proc.HostInfo;
import criu.invoke.proc.ProcFs;

/**
 * Who this process runs as and on which host, for the admin commands (the programs LSF runs ask
 * their {@link Toolkit}, whose /proc and host tests replace). The same reads as the toolkit's real
 * world: {@link ProcFs#uid} and {@link HostInfo#local}.
 */
public final class Identity {
    private Identity() {}

    /** True when the real user id is 0. */
    public static boolean isRoot() {
        return ProcFs.system().uid() == 0;
    }

    /** This host's name, or {@code unknown}. */
    public static String hostname() {
        return HostInfo.local("unknown").hostname();
    }
}
