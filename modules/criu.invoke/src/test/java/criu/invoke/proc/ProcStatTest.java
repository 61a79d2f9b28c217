package criu.invoke.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    static String stat(long pid, String comm, char state, long ppid, long pgid, long sid) {
        StringBuilder b = new StringBuilder(pid + " (" + comm + ") " + state + " " + ppid + " " + pgid + " " + sid);
        for (int field = 7; field <= 52; field++) {
            b.append(' ').append(field == 22 ? 4242 : field == 52 ? 1792 : 0);
        }
        return b.append('\n').toString();
    }

    @Test
    void parsesACommandNameWithSpacesAndParentheses() {
        ProcStat s = ProcStat.parse(stat(42, "my (odd) prog", 'S', 1, 40, 30));
        assertEquals(new ProcStat(42, "my (odd) prog", 'S', 1, 40, 30, 4242, Optional.of(1792)), s);
    }

    @Test
    void zombiesAreZombies() {
        assertTrue(ProcStat.parse(stat(42, "sh", 'Z', 1, 40, 30)).isZombie());
    }

    @Test
    void readsThisProcess() throws Exception {
        long self = ProcessHandle.current().pid();
        ProcStat s = ProcFs.system().stat(self).orElseThrow();
        assertEquals(self, s.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), s.ppid());
    }

    @Test
    void garbageIsRefusedWithTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("hello"));
        assertEquals("not a /proc/<pid>/stat line: hello", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("12 (sh) S x 1 1"));
    }

    @Test
    void procSysFilesAreReadWhole() throws Exception {
        String pidMax = ProcFiles.read(java.nio.file.Path.of("/proc/sys/kernel/pid_max"))
                .strip();
        assertTrue(Long.parseLong(pidMax) >= 300, "pid_max read as " + pidMax);
        assertEquals(
                HostInfo.local("x").hostname(),
                ProcFiles.read(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
                        .strip());
        assertTrue(
                HostInfo.local("x").kernel().matches("\\d+\\.\\d+.*"),
                HostInfo.local("x").kernel());
    }

    @Test
    void theHostsUptimeIsReadInMillisecondsAndAnythingElseIsUnknown() {
        assertEquals(java.util.OptionalLong.of(33_837_360), ProcFs.parseUptime("33837.36 64633.07\n"));
        assertEquals(java.util.OptionalLong.of(0), ProcFs.parseUptime("0.00 0.00\n"));
        assertTrue(ProcFs.parseUptime("").isEmpty());
        assertTrue(ProcFs.parseUptime("-1.00 2.00\n").isEmpty());
        assertTrue(ProcFs.parseUptime("12 34\n").isEmpty());
    }

    @Test
    void thisHostsUptimeCanBeRead() {
        assertTrue(ProcFs.system().uptimeMillis().getAsLong() > 0);
    }
}
