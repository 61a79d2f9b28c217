package lsf.emulator;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A view of the runtime image for one simulation: the image's programs (copies of its launchers,
 * whose configuration is found next to them) with a configuration whose {@code LSF_BINDIR} names
 * the emulator's commands, and the image's own Java runtime and start-up cache (links to its
 * {@code bin/java} and {@code lib}). The real image is never changed.
 */
public final class SimulationImage {
    private SimulationImage() {}

    /**
     * Creates the view at {@code dir} from {@code image}.
     *
     * @param lsfBin the emulator's bchkpnt, brestart, bjobs and bkill
     * @param overrides configuration keys to set (e.g. a shorter checkpoint timeout for a test)
     */
    public static Path create(Path image, Path dir, Path lsfBin, Map<String, String> overrides) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        try (DirectoryStream<Path> programs = Files.newDirectoryStream(image.resolve("bin"))) {
            for (Path p : programs) {
                String name = p.getFileName().toString();
                if (name.equals("java")) {
                    Files.createSymbolicLink(bin.resolve(name), p.toRealPath());
                } else if (name.startsWith("lsf-criu") || name.startsWith("echkpnt.") || name.startsWith("erestart.")) {
                    Files.copy(p, bin.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        // the launchers find the runtime's files and its start-up cache through bin/../lib
        Files.createSymbolicLink(dir.resolve("lib"), image.resolve("lib").toRealPath());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("LSF_BINDIR", lsfBin.toString());
        settings.put("LSF_PROFILE", "");
        settings.putAll(overrides);
        StringBuilder text = new StringBuilder(
                "# lsf-criu simulate: " + image.resolve("conf/lsf-criu.conf") + " with the emulator's LSF commands\n");
        for (String line : Files.readAllLines(image.resolve("conf/lsf-criu.conf"))) {
            String key = line.contains("=") && !line.strip().startsWith("#")
                    ? line.substring(0, line.indexOf('=')).strip()
                    : "";
            if (!settings.containsKey(key)) {
                text.append(line).append('\n');
            }
        }
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(conf.resolve("lsf-criu.conf"), text);
        Files.copy(image.resolve("conf/tinylog.properties"), conf.resolve("tinylog.properties"));
        for (Path p : new Path[] {dir, bin, conf}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }
}
