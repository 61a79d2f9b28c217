package hooks.doctor;

import criu.invoke.ChildProcess;
import criu.invoke.CriuCommand;
import criu.invoke.CriuResult;
import criu.invoke.HostFingerprint;
import criu.invoke.ProcFs;
import criu.invoke.PstreeImage;
import criu.invoke.Restorer;
import criu.invoke.Ticker;
import criu.invoke.UserFiles;
import hooks.system.Identity;
import hooks.system.Signaller;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The doctor's trial, run by default: a short-lived counting process dumped and restored with the
 * configured criu, and seen counting on. As root it acts as an ordinary account ({@code --as-user},
 * else {@code nobody}) through {@code setpriv}; as anyone else, as that user. {@code criu check}
 * proves nothing about dumping (criu 4.1.1 passes it on hosts where every dump hangs): this does.
 * Bounded: the dump gets {@link #DUMP_TIMEOUT}, the pid wait and the restore share the rest of
 * {@link #TOTAL}.
 */
public final class CriuTrial {
    static final Duration DUMP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration TOTAL = Duration.ofSeconds(30);
    static final String NAME = "trial dump and restore";

    private CriuTrial() {}

    /** The trial as {@code user} (root only; empty: as this process's own user). */
    static Check run(Path criu, Optional<String> user, String criuVersion) {
        long start = System.nanoTime();
        Path dir = null;
        Process job = null;
        String who = user.orElse(System.getProperty("user.name"));
        long uid = ProcFs.system().uid();
        try {
            dir = Files.createTempDirectory("lsf-criu-doctor-");
            List<String> asUser = List.of();
            if (user.isPresent()) {
                Files.setOwner(
                        dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user.get()));
                uid = (Integer) Files.getAttribute(dir, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                // the group by number: an account such as nobody has no group of its own name (nogroup)
                CriuResult gid = ChildProcess.run(
                        List.of("/usr/bin/id", "-g", "--", user.get()), null, Duration.ofSeconds(5), Optional.empty());
                if (!gid.succeeded()) {
                    return Check.fail(
                            NAME,
                            "no user " + who + ": " + gid.describe(),
                            "name an existing ordinary user with --as-user");
                }
                asUser = List.of(
                        "/usr/bin/setpriv",
                        "--reuid=" + user.get(),
                        "--regid=" + gid.stdout().strip(),
                        "--init-groups",
                        "--");
            }
            boolean unprivileged = user.isPresent() || !Identity.isRoot();
            Path count = dir.resolve("count");
            Path images = dir.resolve("images");
            CriuResult mkdir = run(
                    asUser,
                    List.of("/bin/mkdir", images.toString(), dir.resolve("w").toString()));
            if (!mkdir.succeeded()) {
                return Check.fail(
                        NAME,
                        "cannot act as " + who + ": " + mkdir.describe(),
                        "name an existing ordinary user with --as-user (needs root)");
            }
            List<String> loop = new ArrayList<>(asUser);
            loop.addAll(List.of(
                    "/usr/bin/setsid",
                    "/bin/sh",
                    "-c",
                    "cd " + dir.resolve("w") + "; i=0; while :; do" + " i=$((i+1)); echo $i > " + count
                            + "; sleep 0.1; done"));
            ProcessBuilder pb = new ProcessBuilder(loop)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(ChildProcess.CLEAN_ENVIRONMENT);
            job = pb.start();
            long before = waitForCount(count, 3);
            List<String> dump = new ArrayList<>(asUser);
            dump.addAll(CriuCommand.dump(
                    criu, job.pid(), images, CriuCommand.AfterDump.LEAVE_STOPPED, unprivileged, List.of()));
            CriuResult d =
                    ChildProcess.run(dump, null, DUMP_TIMEOUT, Optional.of(images.resolve(CriuCommand.DUMP_LOG)));
            run(List.of(), Signaller.argv("KILL", job.pid())); // the whole stopped group
            job.waitFor();
            if (d.timedOut()) {
                return Check.fail(
                        NAME,
                        "criu " + criuVersion + ": dump did not finish within " + DUMP_TIMEOUT.toSeconds()
                                + " s on this host (" + HostFingerprint.describeHost() + "): this criu hangs here",
                        "install criu >= 4.2 (jlink/scripts/provision-criu chooses one by this same trial), see README");
            }
            if (!d.succeeded()) {
                return Check.fail(
                        NAME,
                        "criu " + criuVersion + ": dump as " + who + " failed: " + d.describe(),
                        "see criu's message; check the file capabilities above");
            }
            List<Long> ids = PstreeImage.ids(
                    PstreeImage.parse(UserFiles.read(images.resolve("pstree.img"), PstreeImage.MAX_BYTES)));
            Optional<String> held = new Restorer(ProcFs.system(), Ticker.system()).waitForFreeIds(ids, left(start, 5));
            if (held.isPresent()) {
                return Check.fail(NAME, held.get(), "PID 1 reaps slowly here: try again");
            }
            List<String> restore = new ArrayList<>(asUser);
            restore.add("/usr/bin/setsid");
            restore.addAll(CriuCommand.restore(
                    criu,
                    images,
                    CriuCommand.RestoreMode.DETACHED,
                    Optional.of(dir.resolve("restored.pid")),
                    unprivileged,
                    Optional.empty(),
                    List.of()));
            Duration restoreTime = left(start, 1);
            CriuResult r =
                    ChildProcess.run(restore, null, restoreTime, Optional.of(images.resolve(CriuCommand.RESTORE_LOG)));
            if (r.timedOut()) {
                return Check.fail(
                        NAME,
                        "criu " + criuVersion + ": restore did not finish within " + restoreTime.toSeconds()
                                + " s on this host (" + HostFingerprint.describeHost() + ")",
                        "install criu >= 4.2, see README");
            }
            if (!r.succeeded()) {
                return Check.fail(
                        NAME,
                        "criu " + criuVersion + ": restore as " + who + " failed: " + r.describe(),
                        "'Unable to drop capability 24': add cap_setpcap to criu's capabilities (see file capabilities)");
            }
            // restored.pid lies in the user's directory: it names the process to end only when it is the one
            // this trial started (criu restores its pid) and now runs as the user; it is ended as the user
            long restored = UserFiles.readIfPresent(dir.resolve("restored.pid"), 32)
                    .filter(t -> t.matches("[0-9]{1,9}"))
                    .map(Long::parseLong)
                    .orElse(-1L);
            if (restored != job.pid() || !ownedBy(restored, uid)) {
                if (ownedBy(job.pid(), uid)) {
                    run(asUser, Signaller.argv("KILL", job.pid())); // the dumped process, restored: as the user
                }
                return Check.fail(
                        NAME,
                        "criu " + criuVersion + ": restore as " + who + " reported pid " + restored
                                + ", not the trial process " + job.pid() + " it dumped",
                        "see restore.log; nothing else was signalled");
            }
            long after = waitForCount(count, before + 3);
            run(asUser, Signaller.argv("KILL", restored));
            return Check.pass(
                    NAME,
                    "criu " + criuVersion + " as " + who + ": dumped at " + before + ", restored as pid " + restored
                            + ", counted on to " + after);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            return Check.fail(NAME, "no user " + who, "name an existing ordinary user with --as-user");
        } catch (IOException | RuntimeException e) {
            return Check.fail(NAME, e.getMessage(), "see the message");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail(NAME, "interrupted", "run it again");
        } finally {
            if (job != null) {
                job.destroyForcibly();
            }
            delete(dir);
        }
    }

    /** What is left of {@link #TOTAL} since {@code start}, at least {@code floorSeconds}. */
    private static Duration left(long start, long floorSeconds) {
        Duration left = TOTAL.minus(Duration.ofNanos(System.nanoTime() - start));
        return left.compareTo(Duration.ofSeconds(floorSeconds)) < 0 ? Duration.ofSeconds(floorSeconds) : left;
    }

    private static CriuResult run(List<String> prefix, List<String> command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        return ChildProcess.run(argv, null, Duration.ofSeconds(30), Optional.empty());
    }

    /** Whether process {@code pid} runs as {@code uid} (every one of its uids). */
    private static boolean ownedBy(long pid, long uid) {
        return ProcFs.system()
                .status(pid)
                .flatMap(criu.invoke.TaskCredentials::of)
                .map(c -> c.uids().stream().allMatch(u -> u == uid))
                .orElse(false);
    }

    private static long waitForCount(Path count, long atLeast) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                long n = Long.parseLong(UserFiles.readString(count, 32).strip());
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
        try {
            UserFiles.deleteTree(
                    dir); // relative to open directories: a link the user swaps in is removed, not followed
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail the check
        }
    }
}
