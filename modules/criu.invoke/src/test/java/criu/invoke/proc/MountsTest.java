package criu.invoke.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MountsTest {
    static final String MOUNTINFO = String.join(
            "\n",
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "23 22 0:20 / /tmp rw shared:2 - tmpfs tmpfs rw",
            "30 22 0:40 / /scratch rw shared:9 - lustre 10.0.0.1@tcp:/fs rw",
            "31 30 0:41 / /scratch/my\\040dir rw shared:10 - nfs4 srv:/x rw",
            "32 22 0:42 / /home rw - nfs srv:/home rw",
            "");

    @Test
    void aPathIsOnTheFilesystemOfTheLongestMountAboveIt() {
        Mounts m = Mounts.parse(MOUNTINFO);
        assertEquals(Optional.of("tmpfs"), m.typeOf("/tmp/x"));
        assertEquals(Optional.of("ext4"), m.typeOf("/tmpfoo"));
        assertEquals(Optional.of("nfs4"), m.typeOf("/scratch/my dir/f"));
        assertEquals(Optional.of("lustre"), m.typeOf("/scratch/other"));
        assertEquals(
                List.of("/tmp/in", "/var/x"),
                m.hostLocal(List.of(
                        "/tmp/in",
                        "/scratch/out",
                        "/home/u/run",
                        "/dev/null",
                        "socket:[5]",
                        "/var/x",
                        "/tmp/gone (deleted)",
                        "/tmp/in")));
    }
}
