package io.github.rustinstruments.maven.process;

import io.github.rustinstruments.maven.BuildLog;
import java.time.Duration;

/**
 * Stands in for a Maven JVM in {@link ShutdownHookTest}: runs a long process tree through {@link ProcessRunner}
 * and prints the pids of the tree, then waits to be terminated.
 */
public final class ShutdownHookProbe {
    public static void main(String[] args) throws Exception {
        new ProcessRunner(BuildLog.SILENT).run(ProcessSpec.of("sh", "-c", "sleep 300 & echo child $!; wait")
                .timeout(Duration.ofMinutes(5))
                .stdout(line -> {
                    System.out.println(line);
                    System.out.flush();
                }));
    }
}
