/**
 * The Elasticsearch 8.19 client, built by hand over the low-level client of {@code org.gongkai.elasticsearch}
 * ({@code spring.elasticsearch.*}; Boot 4's own support needs the 9.x client), and its health indicator.
 */
package org.gongkai.index.elasticsearch;
