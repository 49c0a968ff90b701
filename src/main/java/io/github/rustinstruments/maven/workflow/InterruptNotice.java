package io.github.rustinstruments.maven.workflow;

import java.nio.file.Path;

/**
 * Says what was interrupted when Maven is stopped (Ctrl-C, SIGTERM) while a run is recorded or analysed: the JVM
 * runs shutdown hooks then, and Maven's own log may already be gone, so the notice goes to standard error.
 */
final class InterruptNotice implements AutoCloseable {
    private static volatile boolean shuttingDown;
    private final Thread hook;

    private InterruptNotice(Thread hook) {
        this.hook = hook;
    }

    /** Prints, if the JVM shuts down before {@link #close}, that {@code what} was interrupted. */
    static InterruptNotice during(String what, Path runDirectory) {
        Thread hook = new Thread(() -> {
            shuttingDown = true;
            System.err.println("[rust-instruments] interrupted: " + what + " did not finish, so no summary is"
                    + " written for it; what was recorded so far is kept in " + runDirectory);
        }, "rust-instruments-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        return new InterruptNotice(hook);
    }

    /**
     * Whether the JVM is shutting down under a run: a program killed by Maven's shutdown looks like one that ended,
     * and its partial recording must not become a summary.
     */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the notice is being printed
        }
    }
}
