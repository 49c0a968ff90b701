package com.example.failsafe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Each test JVM writes its pid where verify.groovy finds it: which recording is Surefire's, which Failsafe's. */
final class Pids {
    private Pids() {}

    static void record(String plugin) throws IOException {
        Path directory = Path.of("target", "test-pids");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(plugin), String.valueOf(ProcessHandle.current().pid()));
    }
}
