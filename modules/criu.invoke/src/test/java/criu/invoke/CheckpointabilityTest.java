package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.JobFacts;
import criu.invoke.proc.JobFacts.OpenFile;
import criu.invoke.proc.JobFacts.Task;
import criu.invoke.proc.SocketTables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The decision over facts as /proc would show them; each blocker with the facts that make it, and without. */
class CheckpointabilityTest {
    static final Optional<String> HOST_MNT = Optional.of("mnt:[4026531841]");
    static final Optional<String> HOST_PID = Optional.of("pid:[4026531836]");

    static OpenFile file(String target) {
        return new OpenFile(target, 2, OptionalInt.empty());
    }

    static Task task(long pid, OpenFile... files) {
        return new Task(pid, "job", List.of(1000L, 1000L, 1000L, 1000L), HOST_MNT, HOST_PID, 0, List.of(files));
    }

    static JobFacts facts(List<Task> tasks, List<SocketTables.TcpSocket> tcp, Map<Long, Long> peers) {
        return new JobFacts(1000, HOST_MNT, HOST_PID, tasks, tcp, Optional.of(peers), Map.of());
    }

    static Optional<Checkpointability.Blocker> blocker(JobFacts f) {
        return Checkpointability.decide(f, false).blocker();
    }

    @Test
    void aPlainJobIsCheckpointable() {
        JobFacts f = facts(List.of(task(10, file("/dev/null"), file("/scratch/out")), task(11)), List.of(), Map.of());
        Checkpointability.Verdict v = Checkpointability.decide(f, false);
        assertTrue(v.checkpointable(), v.reason());
    }

    @Test
    void devicesAndTerminals() {
        for (String gpu : List.of("/dev/nvidia0", "/dev/nvidiactl", "/dev/kfd", "/dev/dri/renderD128")) {
            assertEquals(
                    Optional.of(Checkpointability.Blocker.GPU_DEVICE),
                    blocker(facts(List.of(task(10, file(gpu))), List.of(), Map.of())),
                    gpu);
        }
        assertEquals(
                Optional.of(Checkpointability.Blocker.TERMINAL),
                blocker(facts(List.of(task(10, file("/dev/pts/3"))), List.of(), Map.of())));
        Task master = task(11, new OpenFile("/dev/ptmx", 2, OptionalInt.of(3)));
        assertEquals(
                Optional.empty(),
                blocker(facts(List.of(task(10, file("/dev/pts/3")), master), List.of(), Map.of())),
                "a terminal whose master the job holds is its own");
        Task controlling = new Task(10, "job", List.of(1000L), HOST_MNT, HOST_PID, (136 << 8) | 5, List.of());
        assertEquals(
                Optional.of(Checkpointability.Blocker.TERMINAL),
                blocker(facts(List.of(controlling), List.of(), Map.of())),
                "a controlling terminal (pts/5, tty_nr 136:5)");
    }

    @Test
    void namespacesAndUsers() {
        Task container = new Task(10, "job", List.of(1000L), Optional.of("mnt:[4026532000]"), HOST_PID, 0, List.of());
        assertEquals(
                Optional.of(Checkpointability.Blocker.NAMESPACE),
                blocker(facts(List.of(container), List.of(), Map.of())));
        Task pidNs = new Task(10, "job", List.of(1000L), HOST_MNT, Optional.of("pid:[4026532001]"), 0, List.of());
        assertEquals(
                Optional.of(Checkpointability.Blocker.NAMESPACE), blocker(facts(List.of(pidNs), List.of(), Map.of())));
        Task unknown = new Task(10, "job", List.of(1000L), Optional.empty(), Optional.empty(), 0, List.of());
        assertEquals(
                Optional.empty(), blocker(facts(List.of(unknown), List.of(), Map.of())), "unreadable: not refused");
        Task setuid = new Task(11, "sudo", List.of(1000L, 0L, 0L, 0L), HOST_MNT, HOST_PID, 0, List.of());
        assertEquals(
                Optional.of(Checkpointability.Blocker.OTHER_USER),
                blocker(facts(List.of(task(10), setuid), List.of(), Map.of())));
    }

    @Test
    void socketsAndPipes() {
        SocketTables.TcpSocket remote = new SocketTables.TcpSocket(500, "10.0.0.5:40000", "10.0.0.9:5432", 1, false);
        assertEquals(
                Optional.of(Checkpointability.Blocker.REMOTE_TCP),
                blocker(facts(List.of(task(10, file("socket:[500]"))), List.of(remote), Map.of())));
        SocketTables.TcpSocket listening = new SocketTables.TcpSocket(501, "0.0.0.0:8080", "0.0.0.0:0", 10, false);
        assertEquals(
                Optional.empty(),
                blocker(facts(List.of(task(10, file("socket:[501]"))), List.of(listening), Map.of())));
        SocketTables.TcpSocket a = new SocketTables.TcpSocket(600, "127.0.0.1:40000", "127.0.0.1:5000", 1, true);
        SocketTables.TcpSocket b = new SocketTables.TcpSocket(601, "127.0.0.1:5000", "127.0.0.1:40000", 1, true);
        assertEquals(
                Optional.of(Checkpointability.Blocker.OUTSIDE_PEER),
                blocker(facts(List.of(task(10, file("socket:[600]"))), List.of(a, b), Map.of())),
                "the loopback peer is outside the job");
        JobFacts inside = facts(List.of(task(10, file("socket:[600]"), file("socket:[601]"))), List.of(a, b), Map.of());
        assertEquals(
                Optional.of(Checkpointability.Blocker.OUTSIDE_PEER),
                blocker(inside),
                "within the job, but criu is not told --tcp-established");
        assertTrue(Checkpointability.decide(inside, true).checkpointable(), "with --tcp-established it dumps");
        assertEquals(
                Optional.of(Checkpointability.Blocker.OUTSIDE_PEER),
                blocker(facts(List.of(task(10, file("socket:[700]"))), List.of(), Map.of(700L, 701L))),
                "a unix socket whose peer no process of the job holds");
        assertEquals(
                Optional.empty(),
                blocker(facts(
                        List.of(task(10, file("socket:[700]")), task(11, file("socket:[701]"))),
                        List.of(),
                        Map.of(700L, 701L, 701L, 700L))),
                "a socket pair within the job");
        JobFacts pipe = new JobFacts(
                1000,
                HOST_MNT,
                HOST_PID,
                List.of(task(10, file("pipe:[800]"))),
                List.of(),
                Optional.of(Map.of()),
                Map.of(800L, 77L));
        assertEquals(Optional.of(Checkpointability.Blocker.OUTSIDE_PEER), blocker(pipe));
    }

    @Test
    void theKernelsTablesAreRead() {
        String tcp =
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                        + "   0: 0100007F:1538 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 12345 1\n"
                        + "   1: 0500000A:9C40 0900000A:1538 01 00000000:00000000 00:00000000 00000000  1000        0 12346 1\n";
        List<SocketTables.TcpSocket> s = SocketTables.tcp(tcp, false);
        assertEquals(new SocketTables.TcpSocket(12345, "127.0.0.1:5432", "127.0.0.1:40000", 1, true), s.get(0));
        assertEquals(new SocketTables.TcpSocket(12346, "10.0.0.5:40000", "10.0.0.9:5432", 1, false), s.get(1));
        String tcp6 = "header\n   0: 00000000000000000000000001000000:1538 00000000000000000000000001000000:9C40 01"
                + " 00000000:00000000 00:00000000 00000000  1000 0 222 1\n"
                + "   1: 0000000000000000FFFF00000100007F:1538 0000000000000000FFFF00000500000A:9C40 01"
                + " 00000000:00000000 00:00000000 00000000  1000 0 223 1\n";
        List<SocketTables.TcpSocket> v6 = SocketTables.tcp(tcp6, true);
        assertTrue(v6.get(0).remoteLoopback(), "::1");
        assertEquals(false, v6.get(1).remoteLoopback(), "::ffff:10.0.0.5");
        String ss = "Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n"
                + "u_str ESTAB  0      0                  * 1167            * 1168\n"
                + "u_str LISTEN 0      4096   /run/my socket 900            * 0\n";
        assertEquals(Map.of(1167L, 1168L, 900L, 0L), SocketTables.unixPeers(ss));
    }
}
