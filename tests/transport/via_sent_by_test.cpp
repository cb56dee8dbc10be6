// RFC 3261 §18.1.1: the top Via names the transport and address actually used.
#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/transport/via_sent_by.hpp>

namespace sessioncore::transport {
namespace {

struct Case {
    const char* name;
    const char* element;
    Protocol protocol;
    const char* local;
    const char* expected;  // nullptr: refused
};

constexpr Case cases[] = {
    {"udp_to_tcp", "SIP/2.0/UDP placeholder;branch=z9hG4bK1;rport", Protocol::Tcp, "127.0.0.1:5070",
     "SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1;rport"},
    {"port_replaced", "SIP/2.0/TCP 10.0.0.1:9999 ;branch=z9hG4bK2", Protocol::Tls, "192.0.2.1:5061",
     "SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK2"},
    {"ipv6", "SIP/2.0/UDP x;branch=z9hG4bK3", Protocol::Udp, "[::1]:5060",
     "SIP/2.0/UDP [::1]:5060;branch=z9hG4bK3"},
    {"no_params", "SIP/2.0/UDP x", Protocol::Udp, "127.0.0.1:1", "SIP/2.0/UDP 127.0.0.1:1"},
    {"unparsable", "garbage", Protocol::Udp, "127.0.0.1:1", nullptr},
};

TEST(ViaSentBy, ElementRewrite) {
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::string out = "untouched";
        bool ok =
            rewrite_sent_by_element(c.element, c.protocol, *Endpoint::from_string(c.local), out);
        EXPECT_EQ(ok, c.expected != nullptr);
        EXPECT_EQ(out, c.expected ? c.expected : "untouched");
    }
}

constexpr std::string_view request =
    "OPTIONS sip:b@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP x;branch=z9hG4bKtop, SIP/2.0/UDP p.example;branch=z9hG4bKold\r\n"
    "To: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: c1\r\n"
    "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

TEST(ViaSentBy, WholeRequestKeepsTheOtherElements) {
    auto message = sip::parse(request);
    ASSERT_TRUE(message);
    std::string out, scratch;
    ASSERT_TRUE(rewrite_sent_by(*message, Protocol::Tcp, *Endpoint::from_string("127.0.0.1:7"), out,
                                scratch));
    std::string expected(request);
    expected.replace(expected.find("SIP/2.0/UDP x"), 13, "SIP/2.0/TCP 127.0.0.1:7");
    EXPECT_EQ(out, expected);
}

TEST(ViaSentBy, ModifiedRequestIsSerializedFirst) {
    auto message = sip::parse(request);
    ASSERT_TRUE(message);
    message->set_header(sip::HeaderId::MaxForwards, "69");
    std::string out, scratch;
    ASSERT_TRUE(rewrite_sent_by(*message, Protocol::Udp, *Endpoint::from_string("127.0.0.1:7"), out,
                                scratch));
    auto sent = sip::parse(out);
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->find(sip::HeaderId::MaxForwards)->value, "69");
    auto via = sent->top_via();
    ASSERT_TRUE(via);
    EXPECT_EQ(via->host, "127.0.0.1");
    EXPECT_EQ(via->port, 7);
    EXPECT_EQ(via->branch.value_or(""), "z9hG4bKtop");
    EXPECT_EQ(sent->values(sip::HeaderId::Via).size(), 2u);
}

}  // namespace
}  // namespace sessioncore::transport
