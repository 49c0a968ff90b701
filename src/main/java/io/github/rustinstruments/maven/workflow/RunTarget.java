package io.github.rustinstruments.maven.workflow;

import io.github.rustinstruments.maven.symbols.FrameClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program every run of a goal profiles.
 *
 * @param executable       the built program
 * @param workingDirectory where it starts
 * @param userCode         which frames are the user's own code, for attributing allocation sites
 */
public record RunTarget(Path executable, Path workingDirectory, FrameClassifier userCode) {

    /** The command line that runs the program with these arguments. */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        args.stream().filter(arg -> arg != null).forEach(command::add);
        return List.copyOf(command);
    }
}
