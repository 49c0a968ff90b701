package io.github.rustinstruments.maven.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When Maven itself is interrupted (SIGTERM, Ctrl-C), the processes it started must not live on. */
class ShutdownHookTest {

    @Test
    void terminatingTheJvmKillsTheProcessTreeItStarted() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ShutdownHookProbe.class.getName()).redirectErrorStream(true).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("child "));
            assertTrue(line != null, "the probe printed no child pid");
            childPid = Long.parseLong(line.substring("child ".length()).trim());
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertTrue(child.isPresent() && child.get().isAlive(), "the grandchild should be running");

            jvm.destroy(); // SIGTERM, as when Maven is interrupted
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the JVM did not exit");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false),
                "the shutdown hook should have killed the grandchild " + childPid);
    }
}
