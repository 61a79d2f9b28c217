package criu.invoke.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which live tasks a dump refuses: another user's, or one holding any capability. */
class TaskCredentialsTest {
    static String status(String uid, String prm, String eff, String amb) {
        return "Name:\tjob\nUid:\t" + uid + "\nGid:\t1000\t1000\t1000\t1000\nCapInh:\t0000000000000000\nCapPrm:\t" + prm
                + "\nCapEff:\t" + eff + "\nCapBnd:\t000001fffeffffff\nCapAmb:\t" + amb + "\n";
    }

    @Test
    void anOrdinaryTaskOfTheDumpingUserIsDumped() {
        TaskCredentials c = TaskCredentials.of(status("1000\t1000\t1000\t1000", "0", "0", "0"))
                .orElseThrow();
        assertEquals(Optional.empty(), c.dumpRefusal(42, 1000));
    }

    @Test
    void aTaskHoldingACapabilityIsRefused() {
        TaskCredentials c = TaskCredentials.of(status("1000\t1000\t1000\t1000", "0000000000000400", "0", "0"))
                .orElseThrow();
        String why = c.dumpRefusal(42, 1000).orElseThrow();
        assertTrue(why.contains("process 42 holds capabilities (permitted 400"), why);
        TaskCredentials ambient = TaskCredentials.of(status("1000\t1000\t1000\t1000", "0", "0", "0000010000000000"))
                .orElseThrow();
        assertTrue(ambient.dumpRefusal(42, 1000).isPresent(), "an ambient capability counts");
    }

    @Test
    void anotherUsersTaskIsRefusedEvenWithOneMatchingId() {
        TaskCredentials setuid =
                TaskCredentials.of(status("1000\t0\t0\t0", "0", "0", "0")).orElseThrow();
        assertTrue(setuid.dumpRefusal(7, 1000).orElseThrow().contains("runs as uid [1000, 0, 0, 0]"));
        assertEquals(Optional.empty(), setuid.dumpRefusal(7, 0), "root may dump any process");
    }

    @Test
    void aStatusWithoutCredentialsIsNotReadAsClean() {
        assertEquals(Optional.empty(), TaskCredentials.of("Name:\tx\n"));
    }
}
