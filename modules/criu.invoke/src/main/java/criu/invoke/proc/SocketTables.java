package criu.invoke.proc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kernel's socket tables as text: {@code /proc/<pid>/net/tcp} and {@code tcp6} (one line per TCP
 * socket of the process's network namespace, addresses in hexadecimal) and the unix sockets with their
 * peers as {@code ss -x -a -n} lists them (the kernel's {@code /proc/net/unix} names no peer). Pure
 * parsers.
 */
public final class SocketTables {
    /** The kernel's TCP state number of an established connection. */
    public static final int ESTABLISHED = 1;

    private SocketTables() {}

    /**
     * One TCP socket.
     *
     * @param inode the socket's inode, as {@code socket:[inode]} names it in a process's descriptors
     * @param local the local address and port, e.g. {@code 127.0.0.1:5432} or {@code [::1]:80}
     * @param remote the remote address and port
     * @param state the kernel's state number (1 established, 10 listening)
     * @param remoteLoopback the remote address is a loopback address of this host
     */
    public record TcpSocket(long inode, String local, String remote, int state, boolean remoteLoopback) {}

    /** The sockets of one {@code net/tcp} ({@code v6} false) or {@code net/tcp6} table; malformed lines are left out. */
    public static List<TcpSocket> tcp(String table, boolean v6) {
        List<TcpSocket> out = new ArrayList<>();
        for (String line : table.lines().skip(1).toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                String[] remote = f[2].split(":");
                out.add(new TcpSocket(
                        Long.parseLong(f[9]),
                        address(f[1], v6),
                        address(f[2], v6),
                        Integer.parseInt(f[3], 16),
                        loopback(remote[0], v6)));
            } catch (RuntimeException e) {
                // a line that is not a socket
            }
        }
        return out;
    }

    /** {@code 0100007F:1538} as {@code 127.0.0.1:5432}; a v6 address in its 32 hex digits, bracketed. */
    static String address(String hex, boolean v6) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        if (!v6) {
            long a = Long.parseLong(parts[0], 16);
            return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff) + ":" + port;
        }
        return "[" + parts[0].toLowerCase(Locale.ROOT) + "]:" + port;
    }

    /** True for 127.0.0.0/8, {@code ::1} and {@code ::ffff:127.x.y.z}, from the kernel's hex form. */
    static boolean loopback(String hex, boolean v6) {
        if (!v6) {
            return (Long.parseLong(hex, 16) & 0xff) == 127;
        }
        String h = hex.toUpperCase(Locale.ROOT);
        // four 32-bit words, each in host (little-endian) byte order
        if (h.equals("00000000000000000000000001000000")) {
            return true;
        }
        return h.startsWith("0000000000000000FFFF0000") && Long.parseLong(h.substring(24), 16) % 256 == 127;
    }

    /**
     * The peer of every unix socket in {@code ss -x -a -n} output (inode to peer inode; 0 for none). A line
     * ends with the local address, its inode, the peer's address and the peer's inode ({@code * 1168}).
     */
    public static Map<Long, Long> unixPeers(String ssOutput) {
        Map<Long, Long> peers = new HashMap<>();
        for (String line : ssOutput.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 8 || !f[0].startsWith("u_")) {
                continue;
            }
            try {
                peers.put(Long.parseLong(f[f.length - 3]), Long.parseLong(f[f.length - 1]));
            } catch (NumberFormatException e) {
                // a line that is not a socket
            }
        }
        return peers;
    }
}
