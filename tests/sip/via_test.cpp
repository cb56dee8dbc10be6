// Tests for parse_via (RFC 3261 §20.42, §25.1; RFC 3581; RFC 5118 §4.5). Cases named rfc4475_* /
// rfc5118_* copy a Via value from that torture message (../shared/testdata).
#include <optional>
#include <string_view>

#include <gtest/gtest.h>

#include <sessioncore/sip/via.hpp>

namespace sessioncore::sip {
namespace {

constexpr int absent = -1;

struct ViaCase {
    std::string_view name;
    std::string_view text;
    std::string_view version;
    std::string_view transport;
    std::string_view host;
    HostKind host_kind;
    int port;
    std::optional<std::string_view> branch;
    std::optional<std::string_view> received;
    std::optional<std::string_view> maddr;
    int ttl;
    bool has_rport;
    int rport;
    std::string_view params;  // raw, from the first ';'
};

constexpr ViaCase good_cases[] = {
    {"udp_v4_port", "SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1", "2.0", "UDP", "192.0.2.1",
     HostKind::Ipv4, 5070, "z9hG4bK1", std::nullopt, std::nullopt, absent, false, absent,
     ";branch=z9hG4bK1"},
    {"rfc4475_longreq_no_params", "SIP/2.0/TCP sip33.example.com", "2.0", "TCP",
     "sip33.example.com", HostKind::Name, absent, std::nullopt, std::nullopt, std::nullopt, absent,
     false, absent, ""},
    {"rfc4475_transports_sctp", "SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf", "2.0", "SCTP",
     "t2.example.com", HostKind::Name, absent, "z9hG4bKklasjdhf", std::nullopt, std::nullopt,
     absent, false, absent, ";branch=z9hG4bKklasjdhf"},
    {"rfc4475_transports_unknown", "SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en", "2.0",
     "UNKNOWN", "t4.example.com", HostKind::Name, absent, "z9hG4bKasd0f3en", std::nullopt,
     std::nullopt, absent, false, absent, ";branch=z9hG4bKasd0f3en"},
    {"rfc7118_wss", "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7", "2.0", "WSS",
     "df7jal23ls0d.invalid", HostKind::Name, absent, "z9hG4bKnashds7", std::nullopt, std::nullopt,
     absent, false, absent, ";branch=z9hG4bKnashds7"},
    {"rfc4475_wsinv_folded", "SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw", "2.0",
     "UDP", "192.0.2.2", HostKind::Ipv4, absent, "390skdjuw", std::nullopt, std::nullopt, absent,
     false, absent, ";branch=390skdjuw"},
    {"rfc4475_wsinv_v_first",
     "  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ", "2.0",
     "TCP", "spindle.example.com", HostKind::Name, absent, "z9hG4bK9ikj8", std::nullopt,
     std::nullopt, absent, false, absent, ";\r\n  branch  =   z9hG4bK9ikj8"},
    {"rfc4475_wsinv_v_second",
     "\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239", "2.0", "UDP",
     "192.168.255.111", HostKind::Ipv4, absent, "z9hG4bK30239", std::nullopt, std::nullopt, absent,
     false, absent, "; branch=\r\n z9hG4bK30239"},
    {"rfc4475_intmeth_branch", "SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~", "2.0",
     "TCP", "host1.example.com", HostKind::Name, absent, "z9hG4bK-.!%66*_+`'~", std::nullopt,
     std::nullopt, absent, false, absent, ";branch=z9hG4bK-.!%66*_+`'~"},
    {"rfc4475_badbranch_parses", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK", "2.0", "UDP", "192.0.2.1",
     HostKind::Ipv4, absent, "z9hG4bK", std::nullopt, std::nullopt, absent, false, absent,
     ";branch=z9hG4bK"},
    {"rfc4475_badvers_parses", "SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw", "7.0", "UDP",
     "c.example.com", HostKind::Name, absent, "z9hG4bKkdjuw", std::nullopt, std::nullopt, absent,
     false, absent, ";branch=z9hG4bKkdjuw"},
    {"rfc5118_ipv4_mapped", "SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19", "2.0",
     "UDP", "::ffff:192.0.2.10", HostKind::Ipv6, 19823, "z9hG4bKbh19", std::nullopt, std::nullopt,
     absent, false, absent, ";branch=z9hG4bKbh19"},
    {"rfc5118_mult_ip_received_v4",
     "SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200", "2.0", "TCP",
     "2001:db8::9:255", HostKind::Ipv6, absent, "z9hG4bK451jj", "192.0.2.200", std::nullopt, absent,
     false, absent, ";branch=z9hG4bK451jj;received=192.0.2.200"},
    {"rfc5118_received_no_delim",
     "SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3", "2.0", "UDP",
     "2001:db8::9:1", HostKind::Ipv6, absent, "z9hG4bKas3", "2001:db8::9:255", std::nullopt, absent,
     false, absent, ";received=2001:db8::9:255;branch=z9hG4bKas3"},
    {"rfc5118_received_with_delim",
     "SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111", "2.0", "UDP",
     "2001:db8::9:1", HostKind::Ipv6, absent, "z9hG4bKas3-111", "2001:db8::9:255", std::nullopt,
     absent, false, absent, ";received=[2001:db8::9:255];branch=z9hG4bKas3-111"},
    {"rfc3581_rport_flag", "SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bKx", "2.0", "UDP",
     "192.0.2.1", HostKind::Ipv4, 5060, "z9hG4bKx", std::nullopt, std::nullopt, absent, true,
     absent, ";rport;branch=z9hG4bKx"},
    {"rfc3581_rport_filled",
     "SIP/2.0/UDP 10.0.0.1:5060;received=192.0.2.9;rport=40000;branch=z9hG4bKx", "2.0", "UDP",
     "10.0.0.1", HostKind::Ipv4, 5060, "z9hG4bKx", "192.0.2.9", std::nullopt, absent, true, 40000,
     ";received=192.0.2.9;rport=40000;branch=z9hG4bKx"},
    {"rfc3261_maddr_ttl",
     "SIP/2.0/UDP first.example.com:4000;ttl=16;maddr=224.2.0.1;branch=z9hG4bKa7c6a8dlze.1", "2.0",
     "UDP", "first.example.com", HostKind::Name, 4000, "z9hG4bKa7c6a8dlze.1", std::nullopt,
     "224.2.0.1", 16, false, absent, ";ttl=16;maddr=224.2.0.1;branch=z9hG4bKa7c6a8dlze.1"},
    {"ttl_bounds_and_case", "SIP/2.0/UDP h.example;TTL=255;BRANCH=z9hG4bK1;Received=192.0.2.1",
     "2.0", "UDP", "h.example", HostKind::Name, absent, "z9hG4bK1", "192.0.2.1", std::nullopt, 255,
     false, absent, ";TTL=255;BRANCH=z9hG4bK1;Received=192.0.2.1"},
    {"lws_around_port_colon", "SIP/2.0/UDP host.example : 5060 ;branch=z9hG4bK1", "2.0", "UDP",
     "host.example", HostKind::Name, 5060, "z9hG4bK1", std::nullopt, std::nullopt, absent, false,
     absent, ";branch=z9hG4bK1"},
    {"first_branch_wins", "SIP/2.0/UDP h.example;branch=z9hG4bK1;branch=z9hG4bK2", "2.0", "UDP",
     "h.example", HostKind::Name, absent, "z9hG4bK1", std::nullopt, std::nullopt, absent, false,
     absent, ";branch=z9hG4bK1;branch=z9hG4bK2"},
    {"extensions_kept", "SIP/2.0/TLS h.example:5061;branch=z9hG4bK1;alias;keep=\"q v\";oc=[::1]",
     "2.0", "TLS", "h.example", HostKind::Name, 5061, "z9hG4bK1", std::nullopt, std::nullopt,
     absent, false, absent, ";branch=z9hG4bK1;alias;keep=\"q v\";oc=[::1]"},
};

TEST(ViaTest, ParsesValidVias) {
    for (const ViaCase& c : good_cases) {
        SCOPED_TRACE(c.name);
        auto via = parse_via(c.text);
        ASSERT_TRUE(via) << via.error().message();
        EXPECT_EQ(via->protocol_name, "SIP");
        EXPECT_EQ(via->protocol_version, c.version);
        EXPECT_EQ(via->transport, c.transport);
        EXPECT_EQ(via->host, c.host);
        EXPECT_EQ(via->host_kind, c.host_kind);
        EXPECT_EQ(via->port.has_value(), c.port != absent);
        EXPECT_EQ(via->port.value_or(0), c.port == absent ? 0 : c.port);
        EXPECT_EQ(via->branch, c.branch);
        EXPECT_EQ(via->received, c.received);
        EXPECT_EQ(via->maddr, c.maddr);
        EXPECT_EQ(via->ttl.has_value(), c.ttl != absent);
        EXPECT_EQ(via->ttl.value_or(0), c.ttl == absent ? 0 : c.ttl);
        EXPECT_EQ(via->has_rport, c.has_rport);
        EXPECT_EQ(via->rport.has_value(), c.rport != absent);
        EXPECT_EQ(via->rport.value_or(0), c.rport == absent ? 0 : c.rport);
        EXPECT_EQ(via->params.raw(), c.params);
    }
}

TEST(ViaTest, ExtensionParamsAreReadable) {
    auto via = parse_via("SIP/2.0/TLS h.example:5061;branch=z9hG4bK1;alias;keep=\"q v\"");
    ASSERT_TRUE(via);
    EXPECT_EQ(via->params.find("alias"), "");
    EXPECT_EQ(via->params.find("keep"), "\"q v\"");
    EXPECT_EQ(via->params.size(), 3U);
    EXPECT_TRUE(via->branch->starts_with(branch_magic_cookie));
}

struct BadViaCase {
    std::string_view name;
    std::string_view text;
    std::uint32_t offset;
};

constexpr BadViaCase bad_cases[] = {
    {"empty", "", 0},
    {"rfc4475_badinv01_stray_semicolon", ";", 0},
    {"rfc4475_badinv01_empty_params", "SIP/2.0/UDP 192.0.2.15;;", 23},
    {"no_transport", "SIP/2.0", 7},
    {"empty_version", "SIP//UDP h.example", 4},
    {"space_instead_of_slash", "SIP 2.0/UDP h.example", 4},
    {"no_sent_by", "SIP/2.0/UDP", 11},
    {"sent_by_not_separated", "SIP/2.0/UDPhost.example", 23},
    {"empty_sent_by", "SIP/2.0/UDP ", 12},
    {"ipv6_without_brackets", "SIP/2.0/UDP 2001:db8::1;branch=z9hG4bK1", 12},
    {"ipv6_unclosed", "SIP/2.0/UDP [2001:db8::1;branch=z9hG4bK1", 12},
    {"underscore_in_host", "SIP/2.0/UDP host_1.example", 16},
    {"port_missing", "SIP/2.0/UDP h.example:", 22},
    {"port_too_large", "SIP/2.0/UDP h.example:65536", 22},
    {"garbage_after_sent_by", "SIP/2.0/UDP h.example x", 22},
    {"trailing_semicolon", "SIP/2.0/UDP h.example;", 22},
    {"branch_flag", "SIP/2.0/UDP h.example;branch", 22},
    {"branch_empty", "SIP/2.0/UDP h.example;branch=", 29},
    {"branch_quoted", "SIP/2.0/UDP h.example;branch=\"x\"", 29},
    {"ttl_too_large", "SIP/2.0/UDP h.example;ttl=256", 26},
    {"ttl_not_a_number", "SIP/2.0/UDP h.example;ttl=a", 26},
    {"received_hostname", "SIP/2.0/UDP h.example;received=host.example", 31},
    {"received_bad_ipv6", "SIP/2.0/UDP h.example;received=[1::2::3]", 31},
    {"rport_not_a_number", "SIP/2.0/UDP h.example;rport=abc", 28},
    {"rport_too_large", "SIP/2.0/UDP h.example;rport=70000", 28},
    {"maddr_bad_host", "SIP/2.0/UDP h.example;maddr=-bad", 28},
    {"unsplit_list", "SIP/2.0/UDP h.example;branch=z9hG4bK1,SIP/2.0/UDP x.example", 37},
};

TEST(ViaTest, RejectsMalformedVias) {
    for (const BadViaCase& c : bad_cases) {
        SCOPED_TRACE(c.name);
        auto via = parse_via(c.text);
        ASSERT_FALSE(via);
        EXPECT_EQ(via.error().code, errc::bad_header_value);
        EXPECT_EQ(via.error().header, HeaderId::Via);
        EXPECT_EQ(via.error().offset, c.offset);
    }
}

TEST(ViaTest, EveryPrefixParsesOrFailsInsideTheText) {
    for (const ViaCase& c : good_cases) {
        SCOPED_TRACE(c.name);
        for (std::size_t n = 0; n <= c.text.size(); ++n) {
            auto via = parse_via(c.text.substr(0, n));
            if (!via) {
                EXPECT_LE(via.error().offset, n);
            }
        }
    }
}

}  // namespace
}  // namespace sessioncore::sip
