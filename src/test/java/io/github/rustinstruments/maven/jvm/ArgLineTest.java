package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgLineTest {
    private static List<String> values(String argLine) {
        return ArgLine.split(argLine).stream().map(ArgLine.Token::value).toList();
    }

    @Test
    void absentOrEmptyArgLineGetsTheOptionAlone() {
        assertEquals("-Djava.library.path=/t/lib", ArgLine.withLibraryDirectory(null, "/t/lib"));
        assertEquals("-Djava.library.path=/t/lib", ArgLine.withLibraryDirectory("", "/t/lib"));
        assertEquals("-Djava.library.path=/t/lib", ArgLine.withLibraryDirectory("   ", "/t/lib"));
    }

    @Test
    void otherOptionsAndPlaceholdersAreKeptAsWritten() {
        assertEquals("-Xmx1g @{jacoco}  -Dx='a b' -Djava.library.path=/t/lib",
                ArgLine.withLibraryDirectory("-Xmx1g @{jacoco}  -Dx='a b' ", "/t/lib"));
    }

    @Test
    void aDirectoryWithASpaceIsQuotedAndSplitsBackWhole() {
        String line = ArgLine.withLibraryDirectory("-Xss2m", "/my project/target/lib");
        assertEquals("-Xss2m \"-Djava.library.path=/my project/target/lib\"", line);
        assertEquals(List.of("-Xss2m", "-Djava.library.path=/my project/target/lib"), values(line));
    }

    @Test
    void anExistingLibraryPathIsExtendedNotReplaced() {
        assertEquals("-Xss2m -Djava.library.path=/opt/native:/t/lib -ea",
                ArgLine.withLibraryDirectory("-Xss2m -Djava.library.path=/opt/native -ea", "/t/lib"));
        // quoted by the user, with a space: stays one argument, now with both directories
        String line = ArgLine.withLibraryDirectory("\"-Djava.library.path=/opt/my native\"", "/t/lib");
        assertEquals(List.of("-Djava.library.path=/opt/my native:/t/lib"), values(line));
        assertEquals(Optional.of("/opt/my native:/t/lib"), ArgLine.libraryPath(line));
    }

    @Test
    void theLastLibraryPathIsTheOneExtendedAsTheJvmKeepsIt() {
        String line = ArgLine.withLibraryDirectory("-Djava.library.path=/a -Djava.library.path=/b", "/t/lib");
        assertEquals("-Djava.library.path=/a -Djava.library.path=/b:/t/lib", line);
        assertEquals(Optional.of("/b:/t/lib"), ArgLine.libraryPath(line));
    }

    @Test
    void anEmptyLibraryPathBecomesTheDirectory() {
        assertEquals("-Djava.library.path=/t/lib", ArgLine.withLibraryDirectory("-Djava.library.path=", "/t/lib"));
    }

    @Test
    void aDirectoryAlreadyThereIsNotAddedTwice() {
        String line = "-Djava.library.path=/t/lib:/opt";
        assertEquals(line, ArgLine.withLibraryDirectory(line, "/t/lib"));
        String once = ArgLine.withLibraryDirectory("-ea", "/my dir");
        assertEquals(once, ArgLine.withLibraryDirectory(once, "/my dir"));
    }

    @Test
    void aColonInTheDirectoryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArgLine.withLibraryDirectory("", "/a:b"));
        assertTrue(e.getMessage().contains("':'"), e.getMessage());
    }

    @Test
    void quotingPicksTheQuoteTheArgumentDoesNotHold() {
        assertEquals("-ea", ArgLine.quote("-ea"));
        assertEquals("\"-Dp=/it's here\"", ArgLine.quote("-Dp=/it's here"));
        assertEquals("'-Dp=say \"hi\"'", ArgLine.quote("-Dp=say \"hi\""));
        assertEquals(List.of("-Dp=/it's here"), values(ArgLine.quote("-Dp=/it's here")));
        assertEquals(List.of("-Dp=say \"hi\""), values(ArgLine.quote("-Dp=say \"hi\"")));
        assertThrows(IllegalArgumentException.class, () -> ArgLine.quote("a'b\"c"));
    }

    @Test
    void splitsAsSurefireDoes() {
        assertEquals(List.of("-Da=1", "-Db=x y", "-Dc=q r", ""), values(" -Da=1\t-Db=\"x y\" '-Dc=q r' \"\""));
        assertThrows(IllegalArgumentException.class, () -> ArgLine.split("-Da=\"open"));
    }

    @Test
    void perfMapFlagsAreAddedOnce() {
        String line = ArgLine.withArguments("-ea", ArgLine.PERF_MAP_FLAGS);
        assertEquals("-ea -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit", line);
        assertEquals(line, ArgLine.withArguments(line, ArgLine.PERF_MAP_FLAGS));
        assertEquals("-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit",
                ArgLine.withArguments(null, ArgLine.PERF_MAP_FLAGS));
    }

    @Test
    void anExplicitArgLineTakesThePropertyOnlyThroughItsPlaceholder() {
        assertTrue(ArgLine.usesProperty("@{argLine} -Xmx1g"));
        assertTrue(ArgLine.usesProperty("${argLine} -Xmx1g"));
        assertFalse(ArgLine.usesProperty("-Xmx1g"));
    }
}
