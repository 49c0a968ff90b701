package heldout.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Only with JUnit's parallel execution (profile 'parallel'): two tests meet at a barrier inside their windows, so
 * their library allocations are surely made while both run.
 */
@EnabledIfSystemProperty(named = "it.parallel", matches = "true")
@Execution(ExecutionMode.CONCURRENT)
class ParallelTest {
    private static final CyclicBarrier BOTH = new CyclicBarrier(2);

    @Test
    void first() throws Exception {
        BOTH.await(60, TimeUnit.SECONDS);
        assertEquals(7, Codec.decode(7));
        BOTH.await(60, TimeUnit.SECONDS);
    }

    @Test
    void second() throws Exception {
        BOTH.await(60, TimeUnit.SECONDS);
        Codec.leakPages(1);
        BOTH.await(60, TimeUnit.SECONDS);
    }
}
