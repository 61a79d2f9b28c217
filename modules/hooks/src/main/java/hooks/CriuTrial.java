package hooks;

import criu.invoke.Check;
import criu.invoke.ChildProcess;
import criu.invoke.CriuCommand;
import criu.invoke.CriuResult;
import criu.invoke.ProcFs;
import criu.invoke.PstreeImage;
import criu.invoke.Restorer;
import criu.invoke.Ticker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The doctor's trial: as a given ordinary user, dump a short-lived counting process with the
 * configured criu and restore it, and see it count on. Needs root (to become the user).
 */
final class CriuTrial {
    private CriuTrial() {}

    static Check run(Path criu, String user) {
        Path dir = null;
        Process job = null;
        try {
            dir = Files.createTempDirectory("lsf-criu-doctor-");
            Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
            List<String> asUser = List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--");
            Path count = dir.resolve("count");
            Path images = dir.resolve("images");
            CriuResult mkdir = run(asUser, List.of("mkdir", images.toString(), dir.resolve("w").toString()));
            if (!mkdir.succeeded()) {
                return Check.fail("trial dump and restore", "cannot act as " + user + ": " + mkdir.describe(),
                        "name an existing ordinary user with --as-user (needs root)");
            }
            List<String> loop = new ArrayList<>(asUser);
            loop.addAll(List.of("setsid", "/bin/sh", "-c", "cd " + dir.resolve("w") + "; i=0; while :; do i=$((i+1));"
                    + " echo $i > " + count + "; sleep 0.1; done"));
            job = new ProcessBuilder(loop).redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true).start();
            long before = waitForCount(count, 3);
            List<String> dump = new ArrayList<>(asUser);
            dump.addAll(CriuCommand.dump(criu, job.pid(), images, CriuCommand.AfterDump.LEAVE_STOPPED, true, List.of()));
            CriuResult d = ChildProcess.run(dump, null, Duration.ofSeconds(60), Optional.of(images.resolve(CriuCommand.DUMP_LOG)));
            run(List.of(), List.of("/bin/kill", "-KILL", "--", "-" + job.pid())); // the whole stopped group
            job.waitFor();
            if (!d.succeeded()) {
                return Check.fail("trial dump and restore", "dump as " + user + " failed: " + d.describe(),
                        "see criu's message; check the file capabilities above");
            }
            List<Long> ids = PstreeImage.ids(PstreeImage.parse(Files.readAllBytes(
                    images.resolve("pstree.img"))));
            Optional<String> held = new Restorer(ProcFs.system(), Ticker.system())
                    .waitForFreeIds(ids, Duration.ofSeconds(30));
            if (held.isPresent()) {
                return Check.fail("trial dump and restore", held.get(), "PID 1 reaps slowly here: try again");
            }
            List<String> restore = new ArrayList<>(asUser);
            restore.add("setsid");
            restore.addAll(CriuCommand.restore(criu, images, CriuCommand.RestoreMode.DETACHED,
                    Optional.of(dir.resolve("restored.pid")), true, Optional.empty(), List.of()));
            CriuResult r = ChildProcess.run(restore, null, Duration.ofSeconds(60),
                    Optional.of(images.resolve(CriuCommand.RESTORE_LOG)));
            if (!r.succeeded()) {
                return Check.fail("trial dump and restore", "restore as " + user + " failed: " + r.describe(),
                        "'Unable to drop capability 24': add cap_setpcap,cap_checkpoint_restore to criu's capabilities");
            }
            long restored = Long.parseLong(Files.readString(dir.resolve("restored.pid")).strip());
            long after = waitForCount(count, before + 3);
            run(List.of(), List.of("/bin/kill", "-KILL", "--", "-" + restored));
            return Check.pass("trial dump and restore", "as " + user + ": dumped at " + before + ", restored as pid "
                    + restored + ", counted on to " + after);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            return Check.fail("trial dump and restore", "no user " + user, "name an existing ordinary user with --as-user");
        } catch (IOException | RuntimeException e) {
            return Check.fail("trial dump and restore", e.getMessage(), "see the message");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail("trial dump and restore", "interrupted", "run it again");
        } finally {
            if (job != null) {
                job.destroyForcibly();
            }
            delete(dir);
        }
    }

    private static CriuResult run(List<String> prefix, List<String> command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        return ChildProcess.run(argv, null, Duration.ofSeconds(30), Optional.empty());
    }

    private static long waitForCount(Path count, long atLeast) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                long n = Long.parseLong(Files.readString(count).strip());
                if (n >= atLeast) {
                    return n;
                }
            } catch (IOException | NumberFormatException e) {
                // not written yet
            }
            Thread.sleep(50);
        }
        throw new IOException("the trial process did not count to " + atLeast + " in 5 s");
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail the check
        }
    }
}
