package hooks.system;

import java.nio.file.Path;

/**
 * Where the runtime image keeps its files: the directory above the launcher's {@code bin/}, a
 * value the job's environment cannot change (the launchers drop {@code JAVA_TOOL_OPTIONS} and
 * friends, and LSF runs the path the administrator configured). Configuration is therefore always
 * the administrator's.
 */
public final class ImageLayout {
    private final Path home;

    public ImageLayout(Path home) {
        this.home = home;
    }

    /**
     * The layout of the running image: the directory the launcher found itself in
     * ({@code -Dlsf.criu.home}, set by the launcher, which drops every variable that could set
     * JVM options), else the Java runtime's home.
     */
    public static ImageLayout running() {
        String home = System.getProperty("lsf.criu.home", System.getProperty("java.home"));
        return new ImageLayout(Path.of(home).toAbsolutePath().normalize());
    }

    public Path home() {
        return home;
    }

    /** {@code conf/lsf-criu.conf} of the image. */
    public Path configFile() {
        return home.resolve("conf").resolve("lsf-criu.conf");
    }
}
