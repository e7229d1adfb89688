package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    private final FakeResolver resolver = new FakeResolver()
            .map("intranet.test", "10.1.2.3")
            .map("metadata.test", "169.254.169.254")
            .map("public.test", "93.184.216.34")
            .map("dual.test", "93.184.216.34", "192.168.1.10")
            .map("v6public.test", "2606:2800:220:1:248:1893:25c8:1946");
    private final AddressGuard guard = new AddressGuard(resolver);

    @Test
    void privateAddressIsRefused() {
        assertThatThrownBy(() -> guard.check(URI.create("http://intranet.test/xxgk/"), false))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("10.1.2.3")
                .hasMessageContaining("private");
    }

    @Test
    void cloudMetadataAddressIsRefused() {
        assertThatThrownBy(() -> guard.check(URI.create("http://metadata.test/latest/meta-data/"), false))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("169.254.169.254")
                .hasMessageContaining("link-local");
    }

    @Test
    void ipv6LoopbackLiteralIsRefused() {
        AddressGuard systemGuard = new AddressGuard(HostResolver.SYSTEM); // IP literals are parsed, no DNS
        assertThatThrownBy(() -> systemGuard.check(URI.create("http://[::1]:8080/"), false))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void publicAddressIsAllowed() throws Exception {
        assertThat(guard.check(URI.create("https://public.test/xxgk/index.html"), false))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");
        assertThat(guard.check(URI.create("http://v6public.test/"), false)).hasSize(1);
    }

    @Test
    void oneNonPublicAddressAmongSeveralIsEnough() {
        assertThatThrownBy(() -> guard.check(URI.create("http://dual.test/"), false))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("192.168.1.10");
    }

    @Test
    void sitesThatAllowPrivateNetworksPass() throws Exception {
        assertThat(guard.check(URI.create("http://intranet.test/"), true)).hasSize(1);
        assertThat(guard.check(URI.create("http://metadata.test/"), true)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://public.test/x", "gopher://public.test/", "http:///nohost"})
    void onlyHttpUrlsWithAHostPassAndNothingIsResolvedForTheOthers(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url), true)).isInstanceOf(BlockedAddressException.class);
        assertThat(resolver.lookups).isEmpty();
    }

    @Test
    void unknownHostIsAFetchFailureNotABlock() {
        assertThatThrownBy(() -> guard.check(URI.create("http://nowhere.test/"), false))
                .isInstanceOf(FetchException.class)
                .isNotInstanceOf(BlockedAddressException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "169.254.169.254",
                "0.0.0.0",
                "0.1.2.3",
                "100.64.0.1",
                "198.18.0.1",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "::",
                "::1",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "ff02::1",
                "::ffff:10.0.0.1",
                "::10.0.0.1",
                "64:ff9b::a9fe:a9fe"
            })
    void nonPublicAddresses(String address) throws Exception {
        assertThat(AddressGuard.nonPublicReason(InetAddress.getByName(address)))
                .as(address)
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "172.32.0.1",
                "172.15.255.255",
                "100.128.0.1",
                "2606:4700::1111",
                "64:ff9b::808:808"
            })
    void publicAddresses(String address) throws Exception {
        assertThat(AddressGuard.nonPublicReason(InetAddress.getByName(address)))
                .as(address)
                .isNull();
    }
}
