package org.gongkai.testsupport;

/** The servers every test here gets: from the environment, Testcontainers, or launched locally (no Docker). */
class RealServersIT extends ServerContract {

    @Override
    String kafka() {
        return RealServers.kafkaBootstrapServers();
    }

    @Override
    String elasticsearch() {
        return RealServers.elasticsearchUrl();
    }
}
