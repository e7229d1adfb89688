/** The HTTP API: parameters to portal queries, Elasticsearch answers to typed responses, errors to 400/404/503. */
package org.gongkai.search.api;
