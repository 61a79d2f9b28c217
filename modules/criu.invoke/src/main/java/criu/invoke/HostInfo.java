package criu.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a checkpoint was taken: host name, kernel release, criu version (for the manifest). */
public record HostInfo(String hostname, String kernel, String criuVersion) {
    /** This host, with {@code criuVersion} as the caller found it. */
    public static HostInfo local(String criuVersion) {
        return new HostInfo(read("/proc/sys/kernel/hostname"), read("/proc/sys/kernel/osrelease"), criuVersion);
    }

    private static String read(String file) {
        try {
            return ProcFiles.read(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
