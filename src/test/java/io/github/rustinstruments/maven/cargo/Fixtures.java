package io.github.rustinstruments.maven.cargo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads the cargo fixtures under {@code src/test/resources/cargo/}. */
final class Fixtures {
    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/cargo/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture cargo/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String name) {
        return text(name).lines().filter(line -> !line.isBlank()).toList();
    }

    static CargoMetadata metadata(String name) {
        try {
            return CargoMetadata.parse(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
