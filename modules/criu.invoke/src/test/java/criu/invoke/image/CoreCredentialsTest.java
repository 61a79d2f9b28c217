package criu.invoke.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core images as criu writes them: a live task's credentials, a zombie (no thread core), damage. */
class CoreCredentialsTest {
    static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    static byte[] field(int number, long value) {
        return cat(varint(number << 3), varint(value));
    }

    static byte[] message(int number, byte[] body) {
        return cat(varint((number << 3) | 2), varint(body.length), body);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] image(byte[] coreEntry) {
        ByteBuffer b = ByteBuffer.allocate(12 + coreEntry.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ProtoReader.IMG_COMMON_MAGIC)
                .putInt(CoreCredentials.CORE_MAGIC)
                .putInt(coreEntry.length)
                .put(coreEntry);
        return b.array();
    }

    static byte[] creds(long uid, long permitted) {
        return cat(
                field(1, uid),
                field(2, 100),
                field(3, uid),
                field(4, 100),
                field(5, uid),
                field(6, 100),
                field(7, uid),
                field(8, 100),
                field(10, permitted),
                field(10, 0),
                field(11, 0),
                field(11, 0),
                field(13, 0));
    }

    static byte[] live(long uid, long permitted) {
        return live(creds(uid, permitted));
    }

    static byte[] live(byte[] creds) {
        return image(cat(
                field(1, 1), message(3, field(1, 1)), message(5, cat(field(1, 0), field(2, 0), message(10, creds)))));
    }

    /**
     * criu restores the gids, supplementary groups and every capability set an image names: an edited
     * image that claims root's group, another group or an inheritable capability is refused as surely
     * as one that claims a uid or a permitted capability.
     */
    @Test
    void aTaskIsRestoredOnlyWithTheRestoringUsersGroupsAndNoCapabilityOfAnySet() {
        java.util.Set<Long> mine = java.util.Set.of(100L, 500L);
        assertEquals(
                java.util.Optional.empty(),
                CoreCredentials.refusal(CoreCredentials.parse(7, live(1000, 0)), 1000, mine));
        String gid = CoreCredentials.refusal(CoreCredentials.parse(7, live(1000, 0)), 1000, java.util.Set.of(500L))
                .orElseThrow();
        assertTrue(gid.contains("runs as gid [100, 100, 100, 100]"), gid);
        CoreCredentials.Creds rootGroup = CoreCredentials.parse(7, live(cat(creds(1000, 0), field(14, 0))));
        assertEquals(List.of(0L), rootGroup.groups());
        String group = CoreCredentials.refusal(rootGroup, 1000, mine).orElseThrow();
        assertTrue(group.contains("claims supplementary group 0"), group);
        assertEquals(
                java.util.Optional.empty(),
                CoreCredentials.refusal(
                        CoreCredentials.parse(7, live(cat(creds(1000, 0), field(14, 500)))), 1000, mine));
        CoreCredentials.Creds inheritable = CoreCredentials.parse(7, live(cat(creds(1000, 0), field(9, 1 << 21))));
        String caps = CoreCredentials.refusal(inheritable, 1000, mine).orElseThrow();
        assertTrue(caps.contains("claims capabilities (inheritable 0x00200000"), caps);
        assertTrue(
                CoreCredentials.parse(7, live(cat(creds(1000, 0), field(19, 1))))
                        .holdsCapabilities(),
                "ambient");
    }

    @Test
    void aLiveTasksCredentials() {
        CoreCredentials.Creds c = CoreCredentials.parse(7, live(1000, 0));
        assertEquals(List.of(1000L, 1000L, 1000L, 1000L), c.uids());
        assertEquals(List.of(0L, 0L), c.permitted());
        assertTrue(CoreCredentials.parse(7, live(1000, 1)).holdsCapabilities());
    }

    @Test
    void aZombieHasNoThreadCoreAndNoCredentials() {
        CoreCredentials.Creds z = CoreCredentials.parse(8, image(cat(field(1, 1), message(3, field(1, 2)))));
        assertEquals(List.of(), z.uids());
        assertTrue(!z.holdsCapabilities());
    }

    @Test
    void aLiveTaskWithoutThreadCoreIsDamaged() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CoreCredentials.parse(9, image(cat(field(1, 1), message(3, field(1, 1))))));
        assertTrue(e.getMessage().contains("has no thread_core"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CoreCredentials.parse(9, new byte[] {1, 2, 3}));
    }
}
