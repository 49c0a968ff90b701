package io.github.rustinstruments.maven.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessResultTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0   | exited with status 0",
        "1   | exited with status 1",
        "101 | exited with status 101",
        "128 | exited with status 128",
        "132 | was killed by signal 4 (SIGILL) (exit status 132)",
        "134 | was killed by signal 6 (SIGABRT) (exit status 134)",
        "135 | was killed by signal 7 (SIGBUS) (exit status 135)",
        "136 | was killed by signal 8 (SIGFPE) (exit status 136)",
        "137 | was killed by signal 9 (SIGKILL) (exit status 137)",
        "139 | was killed by signal 11 (SIGSEGV) (exit status 139)",
        "143 | was killed by signal 15 (SIGTERM) (exit status 143)",
        "138 | was killed by signal 10 (exit status 138)",
        "192 | was killed by signal 64 (exit status 192)",
        "193 | exited with status 193",
        "255 | exited with status 255"})
    void describesTheExit(int exitCode, String expected) {
        assertEquals(expected, new ProcessResult(exitCode, 5, List.of()).describeExit());
    }
}
