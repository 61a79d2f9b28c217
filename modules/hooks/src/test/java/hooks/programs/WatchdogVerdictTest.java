package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.proc.ProcStat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The watchdog's verdict at its deadline, from the processes it was armed for and nothing the job writes. */
class WatchdogVerdictTest {
    static ProcStat stat(long pid, long pgid, long start) {
        return new ProcStat(pid, "sh", 'S', 1, pgid, pgid, start, Optional.empty());
    }

    @Test
    void theJobIsTheArmedProcessesThatAreStillTheSameProcesses() {
        Map<Long, ProcStat> now =
                Map.of(100L, stat(100, 100, 5000), 101L, stat(101, 100, 5001), 102L, stat(102, 300, 9));
        assertEquals(Set.of(100L), WatchdogVerdict.groups(List.of("100:5000", "101:5001"), now, Set.of(777L)));
        assertEquals(
                Set.of(),
                WatchdogVerdict.groups(List.of("102:5002"), now, Set.of(777L)),
                "a reused pid is not the job");
        assertEquals(Set.of(), WatchdogVerdict.groups(List.of("103:1"), now, Set.of(777L)), "a process that is gone");
        assertEquals(Set.of(777L), WatchdogVerdict.groups(List.of(), now, Set.of(777L)), "armed for nothing: LSF's");
    }

    @Test
    void itKillsOnlyWhileAProcessOfTheJobLives() {
        WatchdogVerdict kill = WatchdogVerdict.of(Set.of(100L), true, true);
        assertTrue(kill.kill());
        assertEquals(Set.of(100L), kill.groups());
        assertEquals("checkpoint timeout passed and the job is still alive", kill.reason());
        assertEquals(
                "run-limit warning's delay passed and the job is still alive",
                WatchdogVerdict.of(Set.of(100L), true, false).reason());
        assertFalse(WatchdogVerdict.of(Set.of(100L), false, true).kill());
        assertFalse(WatchdogVerdict.of(Set.of(), true, true).kill());
        assertTrue(WatchdogVerdict.of(Set.of(), false, false).reason().contains("standing down"));
    }
}
