package hooks.doctor;

import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The doctor's trial when root runs it: root hands the whole trial to the ordinary account it
 * tests ({@code --as-user}, else {@code nobody}), as {@code setpriv ... lsf-criu doctor --trial-only}
 * from this image, and reads back the one line it prints. Root itself creates, reads, signals and
 * deletes nothing of the trial's: every path of it is that user's.
 */
final class TrialAsUser {
    /** Longer than the trial's own bound ({@link CriuTrial#TOTAL}) plus a JVM's start. */
    static final Duration TIMEOUT = CriuTrial.TOTAL.plusSeconds(30);

    private TrialAsUser() {}

    /** The trial as {@code user}, through the image at {@code home}. */
    static Check run(Path home, String user) {
        CriuResult gid = ChildProcess.run(
                List.of("/usr/bin/id", "-g", "--", user), null, Duration.ofSeconds(5), Optional.empty());
        if (!gid.succeeded()) {
            return Check.fail(
                    CriuTrial.NAME,
                    "no user " + user + ": " + gid.describe(),
                    "name an existing ordinary user with --as-user");
        }
        // the group by number: an account such as nobody has no group of its own name (nogroup)
        List<String> argv = List.of(
                "/usr/bin/setpriv",
                "--reuid=" + user,
                "--regid=" + gid.stdout().strip(),
                "--init-groups",
                "--",
                home.resolve("bin/lsf-criu").toString(),
                "doctor",
                "--trial-only");
        CriuResult r = ChildProcess.run(argv, null, TIMEOUT, Optional.empty());
        return parse(r.stdout())
                .orElseGet(() -> Check.fail(
                        CriuTrial.NAME,
                        "cannot act as " + user + ": " + r.describe(),
                        "name an existing ordinary user with --as-user who can run " + home.resolve("bin/lsf-criu")));
    }

    /** The line {@code doctor --trial-only} prints, {@link #line}'s inverse; empty when there is none. */
    static Optional<Check> parse(String output) {
        return output.lines()
                .filter(l -> l.startsWith("trial\t"))
                .map(l -> l.split("\t", -1))
                .filter(f -> f.length == 4)
                .findFirst()
                .flatMap(f -> {
                    try {
                        return Optional.of(new Check(CriuTrial.NAME, Check.Level.valueOf(f[1]), f[2], f[3]));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
    }

    /** The trial's check as one line: {@code trial<TAB>level<TAB>found<TAB>advice}, tabs and newlines blanked. */
    static String line(Check c) {
        return String.join(
                "\t",
                "trial",
                c.level().name(),
                c.found().replaceAll("[\t\n\r]", " "),
                c.advice().replaceAll("[\t\n\r]", " "));
    }
}
