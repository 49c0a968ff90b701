package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests that the test markers listener's tests run with a JUnit Platform launcher of their own. Nested classes, so
 * that this build's Surefire never runs them itself.
 */
final class MarkerFixtures {
    private MarkerFixtures() {}

    /** One of each kind of test, in a fixed order. */
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Kinds {
        @Test
        void a() {}

        @ParameterizedTest
        @ValueSource(ints = {7, 8})
        void b(int value) {}

        @RepeatedTest(2)
        void c() {}

        @TestFactory
        Stream<DynamicTest> d() {
            return Stream.of(dynamicTest("first", () -> {}), dynamicTest("second", () -> {}));
        }

        @Test
        @Disabled("skipped tests never start")
        void e() {}

        @Test
        void f() {
            fail("a failed test ends all the same");
        }

        @Nested
        class Inner {
            @Test
            void g() {}
        }
    }

    /** Two tests, for a JVM of their own. */
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Small {
        @Test
        void first() {}

        @Test
        void second() {}
    }

    /** Many tests at once, under JUnit's parallel execution. */
    @Execution(ExecutionMode.CONCURRENT)
    static class Parallel {
        @TestFactory
        Stream<DynamicTest> many() {
            return IntStream.range(0, 8).mapToObj(i -> dynamicTest("t" + i, () -> Thread.sleep(1)));
        }

        @RepeatedTest(24)
        void repeated() throws InterruptedException {
            Thread.sleep(1);
        }
    }
}
