package org.gongkai.ingest.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and matching only: addresses are literals, nothing is resolved or connected. */
class AllowedNetworksTest {

    @ParameterizedTest
    @CsvSource({
        "169.254.0.0/16, link-local",
        "169.254.169.254, link-local",
        "169.0.0.0/8, link-local",
        "0.0.0.0/0, unspecified",
        "fe80::/10, link-local",
        "fd00:ec2::/32, AWS IPv6",
        "fd00:ec2::254, AWS IPv6",
        "100.64.0.0/10, Alibaba",
        "192.0.0.0/24, Oracle",
        "::/0, unspecified",
        "224.0.0.1, multicast"
    })
    void aNetworkThatIncludesAnAddressNoSiteMayReachIsRefusedWithItsReason(String cidr, String reason) {
        assertThatThrownBy(() -> AllowedNetworks.of(List.of("10.1.2.0/24", cidr)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr)
                .hasMessageContaining(reason)
                .hasMessageContaining("no site may reach");
    }

    @ParameterizedTest
    @ValueSource(strings = {"intranet", "10.1.2.0/33", "10.1.2.256/24", "fd00::/129", " "})
    void somethingThatIsNoNetworkIsRefused(String cidr) {
        assertThatThrownBy(() -> AllowedNetworks.of(List.of(cidr))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.0, true",
        "10.1.2.255, true",
        "10.1.3.0, false",
        "fd00:1::1, true",
        "fd00:1:0:1::1, false",
        "::ffff:10.1.2.7, true", // IPv4-mapped: reaches 10.1.2.7
        "64:ff9b::10.1.2.7, true", // NAT64: likewise
        "127.0.0.1, false"
    })
    void addressesMatchTheListedNetworks(String address, boolean allowed) throws Exception {
        AllowedNetworks networks = AllowedNetworks.of(List.of("10.1.2.5/24", "fd00:1::/64"));
        assertThat(networks.allows(InetAddress.getByName(address))).isEqualTo(allowed);
    }

    @Test
    void aNetworkWithHostBitsMeansItsWholeBlock() {
        assertThat(AllowedNetworks.of(List.of("10.1.2.5/24", "127.0.0.1")).networks())
                .containsExactly("10.1.2.0/24", "127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "::ffff:169.254.169.254",
                "fd00:ec2::254",
                "100.100.100.200",
                "fe80::1",
                "0.0.0.0",
                "::"
            })
    void addressesNoSiteMayReachHaveAReason(String address) throws Exception {
        assertThat(AllowedNetworks.neverReason(InetAddress.getByName(address))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.1", "93.184.216.34"})
    void otherAddressesHaveNone(String address) throws Exception {
        assertThat(AllowedNetworks.neverReason(InetAddress.getByName(address))).isNull();
    }
}
