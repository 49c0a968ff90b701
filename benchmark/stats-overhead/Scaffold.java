import io.github.rustinstruments.maven.cargo.CargoPackage;
import io.github.rustinstruments.maven.cargo.HarnessScaffolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Scaffolds the memcheck harness for a library crate with the plugin's own HarnessScaffolder, so that the benchmark
 * measures exactly the main.rs users get. Run by run.sh against target/classes:
 * {@code java -cp target/classes Scaffold.java <crate dir> <package name> <lib crate name>}.
 */
public final class Scaffold {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Scaffold CRATE_DIR PACKAGE LIB_CRATE");
            System.exit(2);
        }
        Path crate = Path.of(args[0]).toAbsolutePath().normalize();
        CargoPackage library = new CargoPackage(args[1], "0.0.0", crate.resolve("Cargo.toml"),
                List.of(new CargoPackage.CargoTarget(args[2], List.of("lib"), List.of("rlib"))), Set.of());
        HarnessScaffolder.Result result = HarnessScaffolder.scaffold(library, crate.resolve("memcheck"));
        result.created().forEach(file -> System.out.println("created " + file));
        result.kept().forEach(file -> System.out.println("kept " + file));
    }
}
