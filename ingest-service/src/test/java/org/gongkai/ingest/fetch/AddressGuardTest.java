package org.gongkai.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.gongkai.ingest.url.AllowedNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    private static final AllowedNetworks LOOPBACK = AllowedNetworks.of(java.util.List.of("127.0.0.0/8"));

    private final FakeResolver resolver = new FakeResolver()
            .map("intranet.test", "10.1.2.3")
            .map("metadata.test", "169.254.169.254")
            .map("public.test", "93.184.216.34")
            .map("dual.test", "93.184.216.34", "192.168.1.10")
            .map("v6public.test", "2606:2800:220:1:248:1893:25c8:1946")
            .map("neighbour.test", "10.1.3.4")
            .map("v6intranet.test", "fd00:1::5")
            .map("v6other.test", "fd00:2::5")
            .map("mapped-metadata.test", "::ffff:169.254.169.254")
            .map("aws-v6-metadata.test", "fd00:ec2::254")
            .map("alibaba-metadata.test", "100.100.100.200")
            .map("localhost.test", "127.0.0.1");
    private final AllowedNetworks intranet = AllowedNetworks.of(java.util.List.of("10.1.2.0/24", "fd00:1::/64"));
    private final AddressGuard guard = new AddressGuard(resolver);

    @Test
    void privateAddressIsRefused() {
        assertThatThrownBy(() -> guard.check(URI.create("http://intranet.test/xxgk/"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("10.1.2.3")
                .hasMessageContaining("private");
    }

    @Test
    void cloudMetadataAddressIsRefused() {
        assertThatThrownBy(
                        () -> guard.check(URI.create("http://metadata.test/latest/meta-data/"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("169.254.169.254")
                .hasMessageContaining("link-local");
    }

    @Test
    void ipv6LoopbackLiteralIsRefused() {
        AddressGuard systemGuard = new AddressGuard(HostResolver.SYSTEM); // IP literals are parsed, no DNS
        assertThatThrownBy(() -> systemGuard.check(URI.create("http://[::1]:8080/"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void publicAddressIsAllowed() throws Exception {
        assertThat(guard.check(URI.create("https://public.test/xxgk/index.html"), AllowedNetworks.NONE))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");
        assertThat(guard.check(URI.create("http://v6public.test/"), AllowedNetworks.NONE))
                .hasSize(1);
    }

    @Test
    void oneNonPublicAddressAmongSeveralIsEnough() {
        assertThatThrownBy(() -> guard.check(URI.create("http://dual.test/"), AllowedNetworks.NONE))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("192.168.1.10");
    }

    @Test
    void aSiteReachesTheNetworksItListsAndNoOtherPrivateAddress() throws Exception {
        assertThat(guard.check(URI.create("http://intranet.test/"), intranet)).hasSize(1);
        assertThat(guard.check(URI.create("http://v6intranet.test/"), intranet)).hasSize(1);
        assertThat(guard.check(URI.create("https://public.test/"), intranet)).hasSize(1);

        assertThatThrownBy(() -> guard.check(URI.create("http://neighbour.test/"), intranet))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("10.1.3.4")
                .hasMessageContaining("allowed-networks [10.1.2.0/24, fd00:1::/64]");
        assertThatThrownBy(() -> guard.check(URI.create("http://v6other.test/"), intranet))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("fd00:2:0:0:0:0:0:5");
        assertThatThrownBy(() -> guard.check(URI.create("http://localhost.test/"), intranet))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void loopbackIsReachedOnlyWhenListed() throws Exception {
        AddressGuard systemGuard = new AddressGuard(HostResolver.SYSTEM); // IP literals are parsed, no DNS
        assertThat(guard.check(URI.create("http://localhost.test/"), LOOPBACK)).hasSize(1);
        assertThat(systemGuard.check(URI.create("http://[::1]:8080/"), AllowedNetworks.of(java.util.List.of("::1"))))
                .hasSize(1);
        assertThatThrownBy(() -> systemGuard.check(URI.create("http://[::1]:8080/"), LOOPBACK))
                .isInstanceOf(BlockedAddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.test", "mapped-metadata.test", "aws-v6-metadata.test", "alibaba-metadata.test"})
    void metadataAddressesAreRefusedWhateverTheSiteLists(String host) {
        AllowedNetworks broad = AllowedNetworks.of(java.util.List.of("10.0.0.0/8", "fd00:1::/32", "127.0.0.0/8"));
        assertThatThrownBy(() -> guard.check(URI.create("http://" + host + "/latest/meta-data/"), broad))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("never allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://public.test/x", "gopher://public.test/", "http:///nohost"})
    void onlyHttpUrlsWithAHostPassAndNothingIsResolvedForTheOthers(String url) {
        assertThatThrownBy(() -> guard.check(URI.create(url), LOOPBACK)).isInstanceOf(BlockedAddressException.class);
        assertThat(resolver.lookups).isEmpty();
    }

    @Test
    void unknownHostIsAFetchFailureNotABlock() {
        assertThatThrownBy(() -> guard.check(URI.create("http://nowhere.test/"), AllowedNetworks.NONE))
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
