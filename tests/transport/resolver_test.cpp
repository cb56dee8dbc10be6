// plan_resolution(): RFC 3263 §4.1 (transport) and §4.2 (port) without DNS, and the resolver's
// error category. The Resolver itself (c-ares, sockets) is in resolver_loopback_test.cpp.

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <sessioncore/transport/resolver.hpp>

namespace sessioncore::transport {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

constexpr Bytes v4_bytes(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return {a, b, c, d};
}
constexpr Bytes doc_v6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                          0,    0,    0,    0,    0, 0, 0, 1};                   // 2001:db8::1
constexpr Bytes loopback_v6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};  // ::1

// Spelled out here (not Endpoint::to_string) so a failure prints the address readably.
std::string to_text(const Endpoint& e) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(e.v6 ? AF_INET6 : AF_INET, e.bytes.data(), text, sizeof text);
    return (e.v6 ? "[" + std::string(text) + "]" : std::string(text)) + ":" +
           std::to_string(e.port);
}

struct LiteralCase {
    const char* name;
    ResolveTarget target;
    Protocol protocol;
    std::uint16_t port;
    Bytes address;
    bool v6;
};

TEST(ResolutionPlan, IpLiteralsNeedNoDns) {
    const LiteralCase cases[] = {
        {"sip_v4_defaults",
         {Scheme::Sip, "192.0.2.1", {}, {}},
         Protocol::Udp,
         5060,
         v4_bytes(192, 0, 2, 1),
         false},
        {"sips_v4_defaults_to_tls",
         {Scheme::Sips, "192.0.2.1", {}, {}},
         Protocol::Tls,
         5061,
         v4_bytes(192, 0, 2, 1),
         false},
        {"sip_v4_port",
         {Scheme::Sip, "192.0.2.1", 5070, {}},
         Protocol::Udp,
         5070,
         v4_bytes(192, 0, 2, 1),
         false},
        {"sip_tcp_default_port",
         {Scheme::Sip, "10.1.2.3", {}, Protocol::Tcp},
         Protocol::Tcp,
         5060,
         v4_bytes(10, 1, 2, 3),
         false},
        {"sip_tcp_port",
         {Scheme::Sip, "10.1.2.3", 5080, Protocol::Tcp},
         Protocol::Tcp,
         5080,
         v4_bytes(10, 1, 2, 3),
         false},
        {"sip_transport_tls",
         {Scheme::Sip, "10.1.2.3", {}, Protocol::Tls},
         Protocol::Tls,
         5061,
         v4_bytes(10, 1, 2, 3),
         false},
        {"sips_tcp_is_tls",
         {Scheme::Sips, "10.1.2.3", {}, Protocol::Tcp},
         Protocol::Tls,
         5061,
         v4_bytes(10, 1, 2, 3),
         false},
        {"sips_tcp_port",
         {Scheme::Sips, "10.1.2.3", 6000, Protocol::Tcp},
         Protocol::Tls,
         6000,
         v4_bytes(10, 1, 2, 3),
         false},
        {"sip_v6_brackets",
         {Scheme::Sip, "[2001:db8::1]", {}, {}},
         Protocol::Udp,
         5060,
         doc_v6,
         true},
        {"sip_v6_bare", {Scheme::Sip, "2001:db8::1", {}, {}}, Protocol::Udp, 5060, doc_v6, true},
        {"sips_v6_brackets_port",
         {Scheme::Sips, "[::1]", 5071, {}},
         Protocol::Tls,
         5071,
         loopback_v6,
         true},
        {"sip_v6_tcp",
         {Scheme::Sip, "[::1]", {}, Protocol::Tcp},
         Protocol::Tcp,
         5060,
         loopback_v6,
         true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto plan = plan_resolution(c.target);
        ASSERT_TRUE(plan) << plan.error().message();
        EXPECT_EQ(plan->protocol, c.protocol);
        EXPECT_EQ(plan->port, c.port);
        EXPECT_TRUE(plan->steps.empty());
        EXPECT_TRUE(plan->host.empty());
        ASSERT_TRUE(plan->literal.has_value());
        const Endpoint expected{c.address, c.v6, c.port};
        EXPECT_EQ(*plan->literal, expected)
            << to_text(*plan->literal) << " != " << to_text(expected);
    }
}

struct NameCase {
    const char* name;
    ResolveTarget target;
    Protocol protocol;
    std::uint16_t port;
};

TEST(ResolutionPlan, HostNamesNeedAddressRecords) {
    const NameCase cases[] = {
        {"sip_defaults", {Scheme::Sip, "example.com", {}, {}}, Protocol::Udp, 5060},
        {"sips_defaults", {Scheme::Sips, "example.com", {}, {}}, Protocol::Tls, 5061},
        {"sip_port", {Scheme::Sip, "example.com", 5070, {}}, Protocol::Udp, 5070},
        {"sips_port", {Scheme::Sips, "example.com", 5071, {}}, Protocol::Tls, 5071},
        {"sip_tcp", {Scheme::Sip, "pbx.example.com", {}, Protocol::Tcp}, Protocol::Tcp, 5060},
        {"sips_tcp", {Scheme::Sips, "pbx.example.com", {}, Protocol::Tcp}, Protocol::Tls, 5061},
        {"fully_qualified", {Scheme::Sip, "example.com.", {}, {}}, Protocol::Udp, 5060},
        {"single_label", {Scheme::Sip, "localhost", {}, {}}, Protocol::Udp, 5060},
        {"digits_and_dashes", {Scheme::Sip, "sip-1.a0.example", {}, {}}, Protocol::Udp, 5060},
        // Not four decimal octets: a name as far as RFC 3261 §25.1 hostname goes.
        {"numeric_looking_name", {Scheme::Sip, "1.2.3", {}, {}}, Protocol::Udp, 5060},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto plan = plan_resolution(c.target);
        ASSERT_TRUE(plan) << plan.error().message();
        EXPECT_EQ(plan->protocol, c.protocol);
        EXPECT_EQ(plan->port, c.port);
        EXPECT_EQ(plan->host, c.target.host);
        EXPECT_FALSE(plan->literal.has_value());
        EXPECT_EQ(plan->steps, std::vector<LookupStep>{LookupStep::AddressRecords});
    }
}

struct BadCase {
    const char* name;
    ResolveTarget target;
    resolver_errc error;
};

TEST(ResolutionPlan, BadTargetsAreRejected) {
    const BadCase cases[] = {
        {"empty_host", {Scheme::Sip, "", {}, {}}, resolver_errc::bad_target},
        {"empty_brackets", {Scheme::Sip, "[]", {}, {}}, resolver_errc::bad_target},
        {"v4_in_brackets", {Scheme::Sip, "[192.0.2.1]", {}, {}}, resolver_errc::bad_target},
        {"unclosed_bracket", {Scheme::Sip, "[::1", {}, {}}, resolver_errc::bad_target},
        {"unopened_bracket", {Scheme::Sip, "::1]", {}, {}}, resolver_errc::bad_target},
        {"bad_v6_digits", {Scheme::Sip, "[2001:db8::zz]", {}, {}}, resolver_errc::bad_target},
        {"zone_id", {Scheme::Sip, "fe80::1%eth0", {}, {}}, resolver_errc::bad_target},
        {"port_in_host", {Scheme::Sip, "example.com:5060", {}, {}}, resolver_errc::bad_target},
        {"space", {Scheme::Sip, "exa mple.com", {}, {}}, resolver_errc::bad_target},
        {"empty_label", {Scheme::Sip, "a..example", {}, {}}, resolver_errc::bad_target},
        {"leading_dot", {Scheme::Sip, ".example", {}, {}}, resolver_errc::bad_target},
        {"port_zero", {Scheme::Sip, "192.0.2.1", 0, {}}, resolver_errc::bad_target},
        {"sips_over_udp",
         {Scheme::Sips, "192.0.2.1", {}, Protocol::Udp},
         resolver_errc::insecure_transport},
        {"sips_name_over_udp",
         {Scheme::Sips, "example.com", 5061, Protocol::Udp},
         resolver_errc::insecure_transport},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto plan = plan_resolution(c.target);
        ASSERT_FALSE(plan);
        EXPECT_EQ(plan.error(), make_error_code(c.error)) << plan.error().message();
    }
}

TEST(ResolverError, CategoryNamesEveryValue) {
    const resolver_errc all[] = {
        resolver_errc::bad_target,
        resolver_errc::insecure_transport,
        resolver_errc::host_not_found,
        resolver_errc::no_addresses,
        resolver_errc::timeout,
        resolver_errc::server_failure,
        resolver_errc::resolver_unavailable,
    };
    std::set<std::string> messages;
    for (auto e : all) {
        const boost::system::error_code ec = e;  // is_error_code_enum
        EXPECT_STREQ(ec.category().name(), "sessioncore.transport");
        EXPECT_NE(ec.message(), "unknown resolver error");
        messages.insert(ec.message());
    }
    EXPECT_EQ(messages.size(), std::size(all));  // one distinct message each
    EXPECT_EQ(make_error_code(resolver_errc::host_not_found).message(), "host not found");
}

}  // namespace
}  // namespace sessioncore::transport
