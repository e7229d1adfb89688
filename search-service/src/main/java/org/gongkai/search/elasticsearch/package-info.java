/** Talking to Elasticsearch: the hand-built 8.19 low-level client, the search call and its health check. */
package org.gongkai.search.elasticsearch;
