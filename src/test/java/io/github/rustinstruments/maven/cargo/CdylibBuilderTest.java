package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CdylibBuilderTest {
    private static CargoPackage pkg(CargoPackage.CargoTarget... targets) {
        return new CargoPackage("codec", "1.0.0", Path.of("/home/dev/codec/Cargo.toml"), List.of(targets), Set.of());
    }

    private static CargoPackage.CargoTarget target(String name, String... types) {
        return new CargoPackage.CargoTarget(name, List.of(types), List.of(types));
    }

    @Test
    void aCrateWithoutACdylibIsToldTheFix() {
        CargoException rlibOnly = assertThrows(CargoException.class,
                () -> CdylibBuilder.requireCdylib(pkg(target("codec", "rlib"))));
        assertTrue(rlibOnly.getMessage().contains("its library builds only rlib"), rlibOnly.getMessage());
        assertTrue(rlibOnly.getMessage().contains("add crate-type = [\"cdylib\"] to the [lib] section of"
                + " /home/dev/codec/Cargo.toml"), rlibOnly.getMessage());
        assertTrue(rlibOnly.getMessage().contains("<library>"), rlibOnly.getMessage());
        CargoException binOnly = assertThrows(CargoException.class,
                () -> CdylibBuilder.requireCdylib(pkg(new CargoPackage.CargoTarget("tool", List.of("bin"),
                        List.of("bin")))));
        assertTrue(binOnly.getMessage().contains("it has no [lib] target"), binOnly.getMessage());
    }

    @Test
    void aCdylibTargetIsAccepted() throws CargoException {
        assertEquals("codec", CdylibBuilder.requireCdylib(pkg(target("codec", "cdylib", "rlib"))).name());
    }

    @Test
    void theSharedLibraryIsTakenFromCargosArtifactMessage() throws Exception {
        String message = "{\"reason\":\"compiler-artifact\",\"target\":{\"kind\":[\"cdylib\",\"rlib\"],"
                + "\"crate_types\":[\"cdylib\",\"rlib\"],\"name\":\"codec\"},\"filenames\":["
                + "\"/t/release/libcodec.so\",\"/t/release/libcodec.rlib\"],\"executable\":null}";
        ObjectMapper json = new ObjectMapper();
        assertEquals(List.of(Path.of("/t/release/libcodec.so")),
                CdylibBuilder.sharedLibrariesOf(json.readTree(message), "codec"));
        assertEquals(List.of(), CdylibBuilder.sharedLibrariesOf(json.readTree(message), "other"));
        String dependency = message.replace("\"cdylib\",\"rlib\"],\"crate_types", "\"lib\"],\"crate_types");
        assertEquals(List.of(), CdylibBuilder.sharedLibrariesOf(json.readTree(dependency), "codec"));
        assertEquals(List.of(), CdylibBuilder.sharedLibrariesOf(json.readTree("{\"reason\":\"build-finished\"}"),
                "codec"));
    }
}
