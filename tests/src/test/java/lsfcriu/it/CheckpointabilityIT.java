package lsfcriu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each blocker of {@code criu.invoke.Checkpointability} with a real process that has it, judged by
 * {@code lsf-criu probe} of the built image; and for each, the same job without it, which probe calls
 * checkpointable and really dumps ({@code --trial}, the real criu). The processes are this test's own: it
 * starts them, knows their ids and kills their groups, and looks at nothing else on the machine.
 */
class CheckpointabilityIT {
    static final Path LSF_CRIU = RuntimeImageIT.IMAGE.resolve("bin/lsf-criu");
    /** Starts a job in its own session holding one end of {@code argv[1]}; the launcher keeps the other end. */
    static final String LAUNCHER = String.join(
            "\n",
            "import os, socket, subprocess, sys",
            "mode = sys.argv[1]",
            "keep, give, stdin = [], [], subprocess.DEVNULL",
            "if mode == 'pty':",
            "    m, s = os.openpty(); keep.append(m); stdin = s",
            "elif mode == 'unix':",
            "    a, b = socket.socketpair(); keep.append(a); give.append(b.fileno())",
            "elif mode == 'pipe':",
            "    r, w = os.pipe(); keep.append(r); give.append(w)",
            "elif mode == 'tcp':",
            "    srv = socket.socket(); srv.bind((sys.argv[2], 0)); srv.listen(1)",
            "    c = socket.create_connection(srv.getsockname()); a, _ = srv.accept()",
            "    keep += [srv, a]; give.append(c.fileno())",
            "job = subprocess.Popen(['setsid', 'sh', '-c', 'sleep 600; :'], stdin=stdin,",
            "    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=give, close_fds=True)",
            "print(job.pid, flush=True)",
            "sys.stdin.read()",
            "");

    @TempDir
    Path tmp;

    final List<Process> started = new ArrayList<>();
    final List<Long> groups = new ArrayList<>();

    @BeforeEach
    void onlyAsRoot() {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "other users, namespaces and devices need root");
    }

    @AfterEach
    void killWhatThisTestStarted() throws Exception {
        for (long g : groups) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + g).start().waitFor(10, TimeUnit.SECONDS);
        }
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A job of its own session and group ({@code setsid sh -c <script>}): its group id. */
    long job(String script) throws Exception {
        return job(List.of(), script);
    }

    /** As {@link #job(String)}, the job started through {@code prefix} (e.g. setpriv as another user). */
    long job(List<String> prefix, String script) throws Exception {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of("setsid", "sh", "-c", script));
        Process p = new ProcessBuilder(argv)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        groups.add(p.pid());
        waitForChildren(p.pid());
        return p.pid();
    }

    /** A job the launcher starts holding one end of {@code mode}'s resource: its group id. */
    long launched(String mode, String... args) throws Exception {
        Path script = tmp.resolve("launcher.py");
        Files.writeString(script, LAUNCHER);
        List<String> argv = new ArrayList<>(List.of("python3", script.toString(), mode));
        Collections.addAll(argv, args);
        Process p = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.matches("[0-9]+"), "the launcher printed its job's pid: " + line);
        long pgid = Long.parseLong(line);
        groups.add(pgid);
        waitForChildren(pgid);
        return pgid;
    }

    /** Waits until a process below the job's shell runs its own program (no more a shell). */
    static void waitForChildren(long pid) throws Exception {
        for (int i = 0; i < 100; i++) {
            boolean running = ProcessHandle.of(pid)
                    .map(h -> h.descendants()
                            .anyMatch(d -> d.info()
                                    .command()
                                    .map(c -> !c.endsWith("/sh"))
                                    .orElse(false)))
                    .orElse(false);
            if (running) {
                Thread.sleep(100); // its last exec and fd set-up
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + pid + " never started its program");
    }

    static Map<String, Object> probe(List<String> prefix, long pid, boolean trial, int exit) throws Exception {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(LSF_CRIU.toString(), "probe", Long.toString(pid), "--json"));
        if (trial) {
            argv.add("--trial");
        }
        Run r = Run.of(Path.of("/tmp"), Run.bareEnvironment(), 120, argv);
        assertEquals(exit, r.exit(), "probe " + pid + ": " + r.out() + r.err());
        return JSON.std.mapFrom(r.out());
    }

    static Map<String, Object> probe(long pid, boolean trial, int exit) throws Exception {
        return probe(List.of(), pid, trial, exit);
    }

    /** The job {@code blocked} is refused for {@code blocker}; the job {@code clean} is checkpointable and dumps. */
    static void refusedButNotWithout(long blocked, String blocker, String words, long clean) throws Exception {
        Map<String, Object> no = probe(blocked, false, 1);
        assertEquals(false, no.get("checkpointable"), no.toString());
        assertEquals(blocker, no.get("blocker"), no.toString());
        assertTrue(no.get("reason").toString().contains(words), no.toString());
        Map<String, Object> yes = probe(clean, true, 0);
        assertEquals(true, yes.get("checkpointable"), yes.toString());
        assertEquals(true, ((Map<?, ?>) yes.get("trial")).get("dumped"), "really dumped by criu: " + yes);
        assertTrue(ProcessHandle.of(clean).map(ProcessHandle::isAlive).orElse(false), "the trial left it running");
    }

    @Test
    void aJobInAnotherMountOrPidNamespaceIsRefused() throws Exception {
        long mount = job("unshare --mount --fork sleep 600; :");
        long pid = job("unshare --pid --fork sleep 600; :");
        long plain = job("sleep 600; :");
        refusedButNotWithout(mount, "NAMESPACE", "another mount namespace", plain);
        Map<String, Object> no = probe(pid, false, 1);
        assertEquals("NAMESPACE", no.get("blocker"), no.toString());
        assertTrue(no.get("reason").toString().contains("another PID namespace"), no.toString());
    }

    @Test
    void aJobWithAProcessOfAnotherUserIsRefused() throws Exception {
        long mixed = job("sh -c 'setpriv --reuid=65534 --regid=65534 --clear-groups sleep 600 & wait'; :");
        long own = job("sh -c 'sleep 600 & wait'; :");
        refusedButNotWithout(mixed, "OTHER_USER", "not as the job's user 0", own);
    }

    @Test
    void aJobWithAGpuDeviceOpenIsRefused() throws Exception {
        // no GPU here: a node under an accelerator's name (the null device's numbers) stands for one
        Path node = Path.of("/dev/nvidia-lsf-criu-test");
        Run made = Run.of(tmp, Run.bareEnvironment(), 10, List.of("mknod", node.toString(), "c", "1", "3"));
        Assumptions.assumeTrue(made.exit() == 0 || Files.exists(node), "cannot make a device node: " + made.err());
        try {
            long gpu = job("sleep 600 3<" + node + "; :");
            long plain = job("sleep 600 3</dev/null; :");
            refusedButNotWithout(gpu, "GPU_DEVICE", node.toString(), plain);
        } finally {
            Files.deleteIfExists(node);
        }
    }

    @Test
    void aJobWithATerminalItDoesNotOwnIsRefused() throws Exception {
        refusedButNotWithout(launched("pty"), "TERMINAL", "/dev/pts/", launched("none"));
    }

    @Test
    void aJobConnectedToAProcessOutsideItIsRefused() throws Exception {
        long clean = launched("none");
        refusedButNotWithout(launched("unix"), "OUTSIDE_PEER", "unix socket", clean);
        refusedButNotWithout(launched("pipe"), "OUTSIDE_PEER", "pipe:[", clean);
        refusedButNotWithout(launched("tcp", "127.0.0.1"), "OUTSIDE_PEER", "loopback TCP connection", clean);
    }

    @Test
    void aJobWithAnEstablishedTcpConnectionToAnotherAddressIsRefused() throws Exception {
        Optional<String> address = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(InetAddress::getHostAddress)
                .findFirst();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no address but loopback");
        // the peer is this machine's own external address: the job would find it gone after a restart elsewhere
        refusedButNotWithout(launched("tcp", address.get()), "REMOTE_TCP", "to another host", launched("none"));
    }

    @Test
    void aUserProbesOnlyTheirOwnProcesses() throws Exception {
        List<String> asUser = List.of("setpriv", "--reuid=" + Sim.USER, "--regid=" + Sim.USER, "--init-groups");
        long roots = job("sleep 600; :");
        Run r = Run.of(
                Path.of("/tmp"),
                Run.bareEnvironment(),
                60,
                List.of(
                        asUser.get(0),
                        asUser.get(1),
                        asUser.get(2),
                        asUser.get(3),
                        LSF_CRIU.toString(),
                        "probe",
                        Long.toString(roots)));
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("is not yours"), r.err());
        long users = job(asUser, "sleep 600; :");
        Map<String, Object> own = probe(asUser, users, true, 0);
        assertEquals(true, ((Map<?, ?>) own.get("trial")).get("dumped"), "dumped by the user's criu: " + own);
    }
}
