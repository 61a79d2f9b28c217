package hooks.system;

import criu.invoke.proc.ProcFs;
import java.util.OptionalLong;

/** When a job started, from its process group leader's start time in /proc. */
public final class JobStart {
    /** Linux reports process start times in USER_HZ ticks, 100 a second on every mainstream architecture. */
    static final long TICKS_PER_SECOND = 100;

    private JobStart() {}

    /** Epoch seconds when process {@code pid} started, if it exists (its start ticks after the host's boot time). */
    public static OptionalLong of(ProcFs proc, long pid) {
        OptionalLong boot = proc.bootTime();
        return proc.stat(pid)
                .filter(s -> boot.isPresent())
                .map(s -> OptionalLong.of(boot.getAsLong() + s.startTicks() / TICKS_PER_SECOND))
                .orElse(OptionalLong.empty());
    }

    /**
     * How long ago process {@code pid} started, in milliseconds (10 ms resolution), if it exists and
     * the host's uptime can be read: unlike {@link #of}, it does not round through the boot time's
     * whole seconds.
     */
    public static OptionalLong ageMillis(ProcFs proc, long pid) {
        OptionalLong up = proc.uptimeMillis();
        return proc.stat(pid)
                .filter(s -> up.isPresent())
                .map(s -> OptionalLong.of(up.getAsLong() - s.startTicks() * (1000 / TICKS_PER_SECOND)))
                .orElse(OptionalLong.empty());
    }
}
