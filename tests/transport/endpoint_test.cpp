// Endpoint parsing and formatting; protocol tokens.
#include <algorithm>
#include <array>
#include <unordered_set>

#include <gtest/gtest.h>

#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::transport {
namespace {

struct Case {
    const char* name;
    const char* text;
    bool ok;
    bool v6;
    std::uint16_t port;
    const char* formatted;
};

constexpr Case cases[] = {
    {"v4_port", "192.0.2.1:5060", true, false, 5060, "192.0.2.1:5060"},
    {"v4_bare", "192.0.2.1", true, false, 0, "192.0.2.1:0"},
    {"v6_bracket_port", "[2001:db8::1]:5061", true, true, 5061, "[2001:db8::1]:5061"},
    {"v6_bare", "::1", true, true, 0, "[::1]:0"},
    {"v6_bracket_bare", "[::1]", true, true, 0, "[::1]:0"},
    {"name", "example.com:5060", false, false, 0, ""},
    {"empty_port", "192.0.2.1:", false, false, 0, ""},
    {"port_too_big", "192.0.2.1:65536", false, false, 0, ""},
    {"port_not_digits", "192.0.2.1:50a", false, false, 0, ""},
    {"unclosed_bracket", "[::1:5060", false, false, 0, ""},
    {"empty", "", false, false, 0, ""},
};

TEST(Endpoint, FromString) {
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto e = Endpoint::from_string(c.text);
        ASSERT_EQ(e.has_value(), c.ok);
        if (!c.ok)
            continue;
        EXPECT_EQ(e->v6, c.v6);
        EXPECT_EQ(e->port, c.port);
        EXPECT_EQ(e->to_string(), c.formatted);
    }
}

// IPv4 is formatted by hand (not inet_ntop): every octet width, zeros, and the extremes.
TEST(Endpoint, Ipv4AddressString) {
    const std::array<std::uint8_t, 4> octets_of[] = {
        {0, 0, 0, 0}, {255, 255, 255, 255}, {127, 0, 0, 1}, {10, 20, 100, 9}, {192, 0, 2, 250}};
    const char* expected[] = {"0.0.0.0", "255.255.255.255", "127.0.0.1", "10.20.100.9",
                              "192.0.2.250"};
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        SCOPED_TRACE(expected[i]);
        Endpoint e;
        std::copy(octets_of[i].begin(), octets_of[i].end(), e.bytes.begin());
        e.port = 5060;
        EXPECT_EQ(e.address_string(), expected[i]);
        EXPECT_EQ(e.host_for_uri(), expected[i]);
        EXPECT_EQ(Endpoint::from_ip(e.address_string(), 5060), e);
    }
}

TEST(Endpoint, HostForUriAndEquality) {
    auto a = *Endpoint::from_ip("2001:db8:0:0::1", 5060);
    auto b = *Endpoint::from_string("[2001:db8::1]:5060");
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.host_for_uri(), "[2001:db8::1]");
    EXPECT_EQ(a.address_string(), "2001:db8::1");
    std::unordered_set<Endpoint> set{a, b, *Endpoint::from_string("127.0.0.1:1")};
    EXPECT_EQ(set.size(), 2u);
    EXPECT_NE(a, *Endpoint::from_ip("2001:db8::1", 5061));
}

TEST(Protocol, TokensAndPorts) {
    EXPECT_EQ(via_token(Protocol::Tls), "TLS");
    EXPECT_EQ(protocol_from_via_token("tcp"), Protocol::Tcp);
    EXPECT_EQ(protocol_from_via_token("Udp"), Protocol::Udp);
    EXPECT_EQ(protocol_from_via_token("SCTP"), std::nullopt);
    EXPECT_EQ(default_port(Protocol::Tls), 5061);
    EXPECT_EQ(default_port(Protocol::Udp), 5060);
    EXPECT_TRUE(is_reliable(Protocol::Tcp));
    EXPECT_FALSE(is_reliable(Protocol::Udp));
}

}  // namespace
}  // namespace sessioncore::transport
