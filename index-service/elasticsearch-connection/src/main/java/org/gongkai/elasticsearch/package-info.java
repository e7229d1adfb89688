/**
 * How the services connect to Elasticsearch: Spring Boot's {@code spring.elasticsearch.*} keys bound for the 8.19
 * low-level REST client (Boot 4's own support needs the 9.x client), with API keys, SSL bundles and path prefix,
 * and a failed start on a key this client does not support. Used by index-service and search-service.
 */
package org.gongkai.elasticsearch;
