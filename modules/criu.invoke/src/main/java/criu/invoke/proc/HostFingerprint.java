package criu.invoke.proc;

import criu.invoke.process.ChildProcess;
import criu.invoke.process.CriuResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a restore depends on besides the image: the kernel release, the criu version, the CPU
 * (vendor, model, feature flags) and the C library. Recorded in each generation's manifest at the
 * dump and compared with the restore host before a restore, so that a restore that would fail (or
 * crash the job later, on a missing instruction) is refused with one line naming what differs.
 */
public record HostFingerprint(
        String kernel, String criuVersion, String cpuVendor, String cpuModel, List<String> cpuFlags, String libc) {
    /**
     * CPU features a job's code may use once it has probed them at start: a restore onto a CPU
     * without one of them would crash the job at its next such instruction.
     */
    public static final Set<String> USER_FEATURES = Set.of(
            "sse3",
            "ssse3",
            "sse4_1",
            "sse4_2",
            "popcnt",
            "aes",
            "pclmulqdq",
            "avx",
            "avx2",
            "fma",
            "f16c",
            "bmi1",
            "bmi2",
            "adx",
            "movbe",
            "sha_ni",
            "xsave",
            "rdrand",
            "rdseed",
            "vaes",
            "vpclmulqdq",
            "gfni",
            "avx512f",
            "avx512dq",
            "avx512cd",
            "avx512bw",
            "avx512vl",
            "avx512ifma",
            "avx512vbmi",
            "avx512_vbmi2",
            "avx512_vnni",
            "avx512_bitalg",
            "avx512_vpopcntdq",
            "avx512_bf16",
            "avx512_fp16",
            "avx_vnni",
            "amx_tile",
            "amx_bf16",
            "amx_int8");

    public HostFingerprint {
        cpuFlags = List.copyOf(new TreeSet<>(cpuFlags));
    }

    /** This host, with the criu version the caller knows. */
    public static HostFingerprint local(String criuVersion) {
        String cpuinfo = read("/proc/cpuinfo");
        return new HostFingerprint(
                read("/proc/sys/kernel/osrelease").strip(),
                criuVersion,
                cpuField(cpuinfo, "vendor_id"),
                cpuField(cpuinfo, "model name"),
                List.of(cpuField(cpuinfo, "flags").split("\\s+")),
                localLibc());
    }

    /** "kernel 6.18.44, CPU AMD EPYC": for messages about this host. */
    public static String describeHost() {
        return "kernel " + read("/proc/sys/kernel/osrelease").strip() + ", CPU "
                + cpuField(read("/proc/cpuinfo"), "model name");
    }

    /**
     * Why an image dumped on {@code dumped} cannot be restored here, or empty when it can. Pure.
     * Refused: CPU features the dump host had and this one lacks, an older criu than the dump's,
     * another C library (the job maps the library file itself: criu refuses a changed one).
     */
    public Optional<String> refusal(HostFingerprint dumped) {
        List<String> reasons = new ArrayList<>();
        Set<String> lacking = new TreeSet<>(dumped.cpuFlags);
        lacking.retainAll(USER_FEATURES);
        lacking.removeAll(cpuFlags);
        if (!lacking.isEmpty()) {
            reasons.add("this host's CPU lacks " + String.join(", ", lacking) + " that the checkpoint host ("
                    + dumped.cpuModel + ") had and the job may use");
        }
        if (!dumped.libc.equals("unknown") && !libc.equals("unknown") && !dumped.libc.equals(libc)) {
            reasons.add("C library " + libc + " here, " + dumped.libc
                    + " at the checkpoint: the job's mapped libraries differ");
        }
        try {
            if (CriuVersion.parse("Version: " + criuVersion)
                            .compareTo(CriuVersion.parse("Version: " + dumped.criuVersion))
                    < 0) {
                reasons.add("criu " + criuVersion + " here is older than the checkpoint's criu " + dumped.criuVersion);
            }
        } catch (IllegalArgumentException e) {
            // an unknown version on either side: criu itself will say
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    /** For the manifest. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel", kernel);
        m.put("criu_version", criuVersion);
        m.put("cpu_vendor", cpuVendor);
        m.put("cpu_model", cpuModel);
        m.put("cpu_flags", cpuFlags);
        m.put("libc", libc);
        return m;
    }

    /** From the manifest's map; a missing key is "unknown". */
    public static HostFingerprint fromMap(Map<?, ?> m) {
        List<String> flags = new ArrayList<>();
        if (m.get("cpu_flags") instanceof List<?> l) {
            l.forEach(f -> flags.add(String.valueOf(f)));
        }
        return new HostFingerprint(
                text(m, "kernel"),
                text(m, "criu_version"),
                text(m, "cpu_vendor"),
                text(m, "cpu_model"),
                flags,
                text(m, "libc"));
    }

    /** One line for {@code lsf-criu status}. */
    public String summary() {
        long features = cpuFlags.stream().filter(USER_FEATURES::contains).count();
        return "kernel " + kernel + ", criu " + criuVersion + ", " + cpuVendor + " " + cpuModel + " (" + features
                + " user-visible CPU features), " + libc;
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "unknown" : v.toString();
    }

    static String cpuField(String cpuinfo, String field) {
        return cpuinfo.lines()
                .filter(l -> l.startsWith(field)
                        && l.substring(field.length()).strip().startsWith(":"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown");
    }

    /** This host's C library version ({@code getconf GNU_LIBC_VERSION}), asked once per process. */
    public static String localLibc() {
        return Libc.VERSION;
    }

    private static final class Libc {
        static final String VERSION = query();
    }

    private static String query() {
        CriuResult r = ChildProcess.run(
                List.of("/usr/bin/getconf", "GNU_LIBC_VERSION"), null, Duration.ofSeconds(5), Optional.empty());
        String v = r.stdout().strip();
        return r.succeeded() && !v.isEmpty() ? v : "unknown";
    }

    private static String read(String file) {
        try {
            return ProcFiles.read(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
