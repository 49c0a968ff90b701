package io.github.rustinstruments.maven.cargo;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A built executable and what tells the user's frames apart from everyone else's.
 *
 * @param executable the binary cargo produced
 * @param library    the user's crate
 * @param userCrates crate names whose frames are the user's own code (underscored, as in symbols)
 * @param userRoots  directories whose source files are the user's own code
 */
public record BuiltExecutable(Path executable, CargoPackage library, Set<String> userCrates, List<Path> userRoots) {}
