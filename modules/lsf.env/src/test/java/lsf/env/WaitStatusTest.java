package lsf.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** LSB_JOBEXIT_STAT as a shell and the job's log tell it. */
class WaitStatusTest {
    @Test
    void anExitAndASignalAreToldApart() {
        assertEquals("exited 7", new WaitStatus(7 << 8).describe());
        assertEquals(7, new WaitStatus(1792).exitCode());
        assertEquals("killed by signal 9", new WaitStatus(9).describe());
        assertEquals(130, new WaitStatus(2).exitCode());
        assertEquals(0, new WaitStatus(0).signal());
        assertEquals(2, new WaitStatus(2 | 0x80).signal(), "the core-dump bit is no signal");
    }
}
