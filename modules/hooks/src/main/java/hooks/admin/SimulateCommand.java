package hooks.admin;

import hooks.cli.UsageException;
import hooks.system.ImageLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import lsf.emulator.Simulate;

/** {@code lsf-criu simulate ...}: the LSF emulator's demo of this image (see {@link Simulate}). */
public final class SimulateCommand implements Subcommand {
    private final ImageLayout layout;
    private final Map<String, String> environment;

    SimulateCommand(ImageLayout layout, Map<String, String> environment) {
        this.layout = layout;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String help() {
        return Simulate.HELP;
    }

    /** Exits with the simulated job's own exit code (128 + signal for a killed job). */
    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            return Simulate.run(out, layout.home(), environment, args);
        } catch (Simulate.Usage e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
