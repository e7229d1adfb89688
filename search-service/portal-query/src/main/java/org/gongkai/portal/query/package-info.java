/**
 * The portal's query contract as code: the request bodies of {@code docs/portal-queries/} (packaged as resources
 * under {@code portal-queries/}) and the one implementation that fills their {@code "{{name}}"} placeholders, used
 * by search-service and by the tests of the contract. Values go into the request as JSON values, never spliced
 * into text; user input is checked ({@link org.gongkai.portal.query.Parameter}) and refused with a
 * {@link org.gongkai.portal.query.BadParameterException}, never truncated.
 */
package org.gongkai.portal.query;
