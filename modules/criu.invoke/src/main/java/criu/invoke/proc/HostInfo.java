package criu.invoke.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a checkpoint was taken: host name, kernel release, how to learn the criu version when the
 * dump log does not tell it, and the host's fingerprint for a criu version (for the manifest).
 */
public record HostInfo(
        String hostname, String kernel, Supplier<String> criuVersion, Function<String, HostFingerprint> fingerprint) {
    /** A host whose fingerprint is this machine's ({@link HostFingerprint#local}). */
    public HostInfo(String hostname, String kernel, Supplier<String> criuVersion) {
        this(hostname, kernel, criuVersion, HostFingerprint::local);
    }

    /** This host; {@code criuVersion} is asked only when the dump log has no {@code Version:} line. */
    public static HostInfo local(Supplier<String> criuVersion) {
        return new HostInfo(read("/proc/sys/kernel/hostname"), read("/proc/sys/kernel/osrelease"), criuVersion);
    }

    /** This host, with a criu version the caller already knows. */
    public static HostInfo local(String criuVersion) {
        return local(() -> criuVersion);
    }

    /** The same host, asking {@code version} for the criu version. */
    public HostInfo withCriuVersion(Supplier<String> version) {
        return new HostInfo(hostname, kernel, version, fingerprint);
    }

    private static String read(String file) {
        try {
            return ProcFiles.read(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
