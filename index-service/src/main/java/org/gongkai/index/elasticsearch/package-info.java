/**
 * The Elasticsearch 8.19 client, built by hand from {@code spring.elasticsearch.*} (Boot 4's own support needs the
 * 9.x client), and its health indicator.
 */
package org.gongkai.index.elasticsearch;
