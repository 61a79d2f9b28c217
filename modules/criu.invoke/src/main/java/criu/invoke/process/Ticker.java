package criu.invoke.process;

/** The passage of time, for bounded waits. Tests replace it with a fake that advances instantly. */
public interface Ticker {
    /** A monotonic time in milliseconds. */
    long millis();

    /** Waits about {@code millis} milliseconds. */
    void sleep(long millis);

    /** The real clock. */
    static Ticker system() {
        return new Ticker() {
            @Override
            public long millis() {
                return System.nanoTime() / 1_000_000;
            }

            @Override
            public void sleep(long millis) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
