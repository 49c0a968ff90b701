package io.github.rustinstruments.maven.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolNotFoundExceptionTest {

    @Test
    void keepsTheToolAsTheCallerNamedIt() {
        ToolNotFoundException e = new ToolNotFoundException("heaptrack", "heaptrack not found on PATH");

        assertEquals("heaptrack", e.tool());
        assertEquals("heaptrack not found on PATH", e.getMessage());
    }

    @Test
    void timeoutExceptionKeepsMessageAndPartialResult() {
        ProcessResult partial = new ProcessResult(143, 1002, List.of("last words"));
        IOException e = new ProcessTimeoutException("too slow", partial);

        ProcessTimeoutException timeout = (ProcessTimeoutException) e;
        assertSame(partial, timeout.partialResult());
        assertEquals("too slow", timeout.getMessage());
    }
}
