package io.github.rustinstruments.maven.process;

import java.io.IOException;

/** An external tool could not be found or started; the message says what to install. */
public class ToolNotFoundException extends IOException {
    private final String tool;

    public ToolNotFoundException(String tool, String message) {
        super(message);
        this.tool = tool;
    }

    /** The executable as the caller named it, e.g. {@code heaptrack}. */
    public String tool() {
        return tool;
    }
}
