package hooks.programs;

import criu.invoke.proc.ProcStat;
import criu.invoke.process.ChildRunner;
import criu.invoke.process.CriuResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * criu for in-process tests of the programs, standing in for the child runner: a dump writes the
 * image of the fake world's tree rooted at {@code -t} (pstree, inventory, one core per task, a dump
 * log with the version), or fails, or hangs to its timeout, as the test sets {@link #dump}. Every
 * call is recorded. It starts no process: fault injection only, the real path is tested with the
 * real criu in criu.invoke and on the image.
 */
final class FakeCriu implements ChildRunner {
    /** How the next dump ends. */
    enum Dump {
        WRITES_IMAGE,
        FAILS,
        HANGS,
        EXITS_0_WITHOUT_IMAGE
    }

    final List<List<String>> calls = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    Dump dump = Dump.WRITES_IMAGE;
    /** What happens to the world while a dump runs (e.g. a process of the job ends). */
    Runnable duringDump = () -> {};

    private final Supplier<Map<Long, ProcStat>> processes;

    FakeCriu(Supplier<Map<Long, ProcStat>> processes) {
        this.processes = processes;
    }

    @Override
    public CriuResult run(List<String> command, Map<String, String> environment, Duration timeout, Optional<Path> log) {
        calls.add(List.copyOf(command));
        timeouts.add(timeout);
        if (command.contains("--version")) {
            return result(command, 0, "Version: 4.2.1\n", "", false);
        }
        if (command.size() < 2 || !command.get(1).equals("dump")) {
            return result(command, 0, "", "", false); // kill -s CONT, logger: nothing to fake
        }
        duringDump.run();
        Path dir = Path.of(command.get(command.indexOf("-D") + 1));
        long root = Long.parseLong(command.get(command.indexOf("-t") + 1));
        try {
            Files.writeString(
                    dir.resolve("dump.log"),
                    "(00.000000) Version: 4.2.1 (gitid 0)\n"
                            + (dump == Dump.FAILS ? "(00.100000) Error (criu/cr-dump.c:2093): Dumping FAILED.\n" : ""));
            switch (dump) {
                case FAILS:
                    return result(command, 1, "", "", false, List.of("Error (criu/cr-dump.c:2093): Dumping FAILED."));
                case HANGS:
                    return result(command, -1, "", "", true);
                case EXITS_0_WITHOUT_IMAGE:
                    return result(command, 0, "", "", false);
                default:
                    writeImage(dir, root);
                    return result(
                            command,
                            0,
                            "Displaying dump stats:\nFreezing time: 352 us\nFrozen time: 25790 us\n"
                                    + "Memory pages written: 121 (0x79)\n",
                            "",
                            false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeImage(Path dir, long root) throws IOException {
        List<ProcStat> tree = new ArrayList<>();
        tree.add(processes.get().get(root));
        for (int i = 0; i < tree.size(); i++) {
            long parent = tree.get(i).pid();
            processes.get().values().stream()
                    .filter(p -> p.ppid() == parent && p.pid() != parent)
                    .forEach(tree::add);
        }
        ByteArrayOutputStream pstree = new ByteArrayOutputStream();
        pstree.write(int32(0x54564319));
        pstree.write(int32(0x50273030));
        for (ProcStat p : tree) {
            byte[] entry = cat(
                    field(1, p.pid()),
                    field(2, p.pid() == root ? 0 : p.ppid()),
                    field(3, p.pgid()),
                    field(4, p.sid()),
                    field(5, p.pid()));
            pstree.write(int32(entry.length));
            pstree.write(entry);
            Files.write(dir.resolve("core-" + p.pid() + ".img"), cat(int32(0x54564319), int32(0x55053847)));
        }
        Files.write(dir.resolve("pstree.img"), pstree.toByteArray());
        Files.write(dir.resolve("inventory.img"), cat(int32(0x54564319), int32(0x58313116)));
        Files.write(dir.resolve("pages-1.img"), new byte[4096]);
    }

    private static CriuResult result(List<String> command, int status, String out, String err, boolean timedOut) {
        return result(command, status, out, err, timedOut, List.of());
    }

    private static CriuResult result(
            List<String> command, int status, String out, String err, boolean timedOut, List<String> logTail) {
        return new CriuResult(command, status, out, err, timedOut, logTail, Duration.ofMillis(5));
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] field(int number, long value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(number << 3);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            b.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.write((int) v);
        return b.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
