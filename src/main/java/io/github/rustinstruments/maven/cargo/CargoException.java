package io.github.rustinstruments.maven.cargo;

/** A problem with the user's crate or its build that the user has to fix; the message says how. */
public class CargoException extends Exception {
    public CargoException(String message) {
        super(message);
    }

    public CargoException(String message, Throwable cause) {
        super(message, cause);
    }
}
