package io.github.rustinstruments.maven.runs;

import java.util.List;
import java.util.Map;

/**
 * One named run (scenario) as configured in the pom: the same harness profiled on its own workload.
 * <pre>{@code
 * <runs>
 *   <run>
 *     <name>parse-big</name>
 *     <args><arg>--input</arg><arg>big.json</arg></args>
 *     <environmentVariables><RUST_LOG>warn</RUST_LOG></environmentVariables>
 *     <timeLimit>2m</timeLimit>
 *   </run>
 * </runs>
 * }</pre>
 * A field left out takes the goal's top-level value ({@code args}, {@code timeLimit}); environment variables are
 * added to the top-level ones.
 */
public class RunConfiguration {
    private String name;
    private List<String> args;
    private Map<String, String> environmentVariables;
    private String timeLimit;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args;
    }

    public Map<String, String> getEnvironmentVariables() {
        return environmentVariables;
    }

    public void setEnvironmentVariables(Map<String, String> environmentVariables) {
        this.environmentVariables = environmentVariables;
    }

    public String getTimeLimit() {
        return timeLimit;
    }

    public void setTimeLimit(String timeLimit) {
        this.timeLimit = timeLimit;
    }
}
