package lsf.emulator;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The live processes of a process group, from /proc (what LSF reports as a job's PIDs). */
final class ProcessGroups {
    private ProcessGroups() {}

    static List<Long> members(long pgid) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z")) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while being read
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    /** Whether {@code pid} is alive and leads its own process group (its pgid is its pid). */
    static boolean leadsItsGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !f[0].equals("Z") && Long.parseLong(f[2]) == pid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends SIGKILL to a whole group (the emulator's last resort at its timeout). */
    static void kill(long pgid) {
        try {
            new ProcessBuilder("/bin/sh", "-c", "kill -s KILL -- \"-$1\"", "kill", Long.toString(pgid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            // nothing more to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
