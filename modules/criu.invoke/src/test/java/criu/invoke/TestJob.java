package criu.invoke;

import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real job for real criu: a session and group leader shell (as OpenLava's job-file shell) whose
 * child runs a producer loop piped into a consumer that appends "got N" lines to a file opened
 * with O_APPEND. The file proves continuity: after a restore the numbers go on without a gap or
 * a repeat.
 */
public final class TestJob {
    static final Path CRIU = Path.of(System.getProperty("criu.binary", "/opt/lsf-criu/criu/bin/criu"));
    public static final String USER = "lsfcriu";

    final Path dir;
    final Path out;
    public final Process leader;

    private TestJob(Path dir, Path out, Process leader) {
        this.dir = dir;
        this.out = out;
        this.leader = leader;
    }

    static String script(Path out, int limit, int exitStatus) {
        return "exec 3>>'" + out + "'\n"
                + "n=0\n"
                + "while [ $n -lt " + limit + " ]; do n=$((n+1)); echo $n; sleep 0.05; done | "
                + "while read v; do echo \"got $v\" >&3; done\n"
                + "echo done >&3\n"
                + "exit " + exitStatus + "\n";
    }

    /** Starts the job; {@code asUser} runs it as the test user through runuser. */
    public static TestJob start(Path dir, int limit, int exitStatus, boolean asUser) {
        try {
            Path out = dir.resolve("job.out");
            Path job = dir.resolve("job.sh");
            Files.writeString(job, script(out, limit, exitStatus));
            List<String> cmd = new ArrayList<>();
            if (asUser) {
                cmd.addAll(List.of("runuser", "-u", USER, "--"));
            }
            cmd.addAll(List.of(
                    "setsid",
                    "sh",
                    "-c",
                    "sh '" + job + "'; echo leader-saw-$? >> '" + dir.resolve("leader.txt") + "'"));
            // stdout and stderr are /dev/null, as LSF's are: a file the job user may not reopen would fail the restore
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            TestJob j = new TestJob(dir, out, p);
            j.awaitLines(3);
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job's process group: the setsid shell's pid (through runuser, its child's). */
    public long pgid() {
        long pid = leader.pid();
        for (int i = 0; i < 100; i++) {
            Optional<ProcStat> s = ProcFs.system().stat(pid);
            if (s.isPresent()
                    && s.get().comm().equals("sh")
                    && s.get().pgid() == s.get().pid()) {
                return pid;
            }
            List<ProcessHandle> kids = leader.toHandle().children().toList();
            if (!kids.isEmpty()) {
                pid = kids.get(0).pid();
            }
            sleep(20);
        }
        throw new AssertionError("job leader not found under " + leader.pid());
    }

    /** The numbers of the "got N" lines so far. */
    public List<Integer> numbers() {
        List<Integer> n = new ArrayList<>();
        Pattern p = Pattern.compile("got (\\d+)");
        try {
            for (String line : Files.readAllLines(out)) {
                Matcher m = p.matcher(line);
                if (m.matches()) {
                    n.add(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            return n;
        }
        return n;
    }

    public void awaitLines(int count) {
        for (int i = 0; i < 400 && numbers().size() < count; i++) {
            sleep(25);
        }
        if (numbers().size() < count) {
            throw new AssertionError("job wrote fewer than " + count + " lines: " + numbers());
        }
    }

    /** Asserts the numbers are exactly 1..k: no gap, no repeat. */
    static void assertContinuous(List<Integer> numbers) {
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != i + 1) {
                throw new AssertionError("output not continuous at line " + (i + 1) + ": " + numbers);
            }
        }
    }

    /** Sends SIGKILL to every process of group {@code pgid}. */
    public static void killGroup(long pgid) {
        run(List.of("kill", "-KILL", "--", "-" + pgid));
    }

    public static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Live (non-zombie) members of group {@code pgid}. */
    static List<ProcStat> members(long pgid) {
        return ProcessTable.read(ProcFs.system()).group(pgid);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
