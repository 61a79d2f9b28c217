package criu.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import criu.invoke.process.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storm control's slots: N holders at most, a released slot is free again, a waiter gives up at its
 * deadline. In one JVM the JDK's own lock table answers (a slot this JVM holds is busy); holders in
 * separate processes, as in production, are {@code DumpLimitsIT}'s.
 */
class DumpSlotsTest {
    @TempDir
    Path tmp;

    @Test
    void atMostCountLeasesAndAReleasedSlotIsTakenAgain() throws Exception {
        Path dir = tmp.resolve("slots");
        DumpSlots slots = new DumpSlots(Ticker.system(), 1000);
        List<DumpSlots.Pool> pools = List.of(new DumpSlots.Pool("host", dir, 2));
        long now = Ticker.system().millis();
        DumpSlots.Outcome a = slots.acquire(pools, now);
        DumpSlots.Outcome b = slots.acquire(pools, now);
        assertTrue(a.lease().isPresent() && b.lease().isPresent());
        assertEquals(01777, (Integer) Files.getAttribute(dir, "unix:mode") & 07777);
        DumpSlots.Outcome c = slots.acquire(pools, Ticker.system().millis() + 300);
        assertTrue(c.lease().isEmpty(), "a third dump got a slot of two");
        assertTrue(c.why().contains("all 2 host dump slots"), c.why());
        a.lease().get().close();
        DumpSlots.Outcome d = slots.acquire(pools, Ticker.system().millis() + 300);
        assertTrue(d.lease().isPresent(), d.why());
        assertTrue(
                d.lease().get().description().startsWith("host slot "),
                d.lease().get().description());
        b.lease().get().close();
        d.lease().get().close();
    }

    /** The cluster's pool is taken after the host's; a busy cluster gives back the host slot it held. */
    @Test
    void aBusyClusterPoolFailsTheWaitAndReleasesTheHostSlot() {
        DumpSlots slots = new DumpSlots(Ticker.system(), 1000);
        DumpSlots.Pool host = new DumpSlots.Pool("host", tmp.resolve("host"), 1);
        DumpSlots.Pool cluster = new DumpSlots.Pool("cluster", tmp.resolve("cluster"), 1);
        DumpSlots.Outcome elsewhere = slots.acquire(List.of(cluster), 0); // another host's dump
        assertTrue(elsewhere.lease().isPresent());
        DumpSlots.Outcome here =
                slots.acquire(List.of(host, cluster), Ticker.system().millis() + 200);
        assertTrue(here.lease().isEmpty());
        assertTrue(here.why().contains("all 1 cluster dump slots"), here.why());
        DumpSlots.Outcome hostOnly = slots.acquire(List.of(host), 0);
        assertTrue(hostOnly.lease().isPresent(), "the host slot was given back: " + hostOnly.why());
        hostOnly.lease().get().close();
        elsewhere.lease().get().close();
        DumpSlots.Outcome both = slots.acquire(List.of(host, cluster), 0);
        assertEquals("host slot 1 of 1, cluster slot 1 of 1", both.lease().get().description());
        both.lease().get().close();
    }

    @Test
    void aLinkOrAnOpenWorldWritableDirectoryIsRefused() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        DumpSlots slots = new DumpSlots(Ticker.system(), 1000);
        DumpSlots.Outcome o = slots.acquire(List.of(new DumpSlots.Pool("host", link, 1)), 0);
        assertTrue(o.lease().isEmpty() && o.why().contains("unusable"), o.why());
        Files.setAttribute(real, "unix:mode", 0777);
        DumpSlots.Outcome open = slots.acquire(List.of(new DumpSlots.Pool("host", real, 1)), 0);
        assertTrue(open.why().contains("without the sticky bit"), open.why());
    }
}
