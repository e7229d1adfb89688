package org.gongkai.portal.query;

/**
 * A value a user sent that the contract refuses (too long, empty, not a date, not a notice id, a cursor not made
 * by this library …): the caller's fault, answered with HTTP 400 by a service. Programming errors (a parameter
 * the query file does not have, a placeholder left without value) are plain {@link IllegalArgumentException}s.
 */
public class BadParameterException extends IllegalArgumentException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    /** The parameter's name as in the query files ({@code q}, {@code publishers}, {@code after} …). */
    public String parameter() {
        return parameter;
    }
}
