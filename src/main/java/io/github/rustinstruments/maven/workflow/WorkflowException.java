package io.github.rustinstruments.maven.workflow;

/**
 * The workflow could not produce a trustworthy result for a reason other than the profiled program: a profiler
 * that did not run or finish, a recording that cannot be read. The message says what happened and how to fix it.
 */
public class WorkflowException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkflowException(String message) {
        super(message);
    }

    public WorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
