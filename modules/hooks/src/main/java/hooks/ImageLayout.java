package hooks;

import java.nio.file.Path;

/**
 * Where the runtime image keeps its files. The image is the Java runtime itself, so its root is
 * {@code java.home}: a value the launcher fixes and the job's environment cannot change (the
 * launchers drop {@code JAVA_TOOL_OPTIONS} and friends). Configuration is therefore always the
 * administrator's.
 */
public final class ImageLayout {
    private final Path home;

    public ImageLayout(Path home) {
        this.home = home;
    }

    /** The layout of the running image. */
    public static ImageLayout running() {
        return new ImageLayout(Path.of(System.getProperty("java.home")));
    }

    public Path home() {
        return home;
    }

    /** {@code conf/lsf-criu.conf} of the image. */
    public Path configFile() {
        return home.resolve("conf").resolve("lsf-criu.conf");
    }
}
