// RFC 3261 §18.2.1 received and RFC 3581 §4 rport on the top Via of a received request.
#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/transport/via_received.hpp>

namespace sessioncore::transport {
namespace {

struct ElementCase {
    const char* name;
    const char* element;
    const char* source;
    const char* expected;  // nullptr: unchanged
};

constexpr ElementCase element_cases[] = {
    {"same_ip_no_rport", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", "192.0.2.1:5060", nullptr},
    {"other_ip", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", "198.51.100.7:5060",
     "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;received=198.51.100.7"},
    {"domain_name", "SIP/2.0/TCP pc33.example.com;branch=z9hG4bK2", "192.0.2.4:40000",
     "SIP/2.0/TCP pc33.example.com;branch=z9hG4bK2;received=192.0.2.4"},
    {"rport_empty_same_ip", "SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bK3", "192.0.2.1:6000",
     "SIP/2.0/UDP 192.0.2.1:5060;rport=6000;branch=z9hG4bK3;received=192.0.2.1"},
    {"rport_empty_nat", "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK4;rport", "203.0.113.9:1024",
     "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK4;rport=1024;received=203.0.113.9"},
    {"rport_with_value_kept", "SIP/2.0/UDP 10.0.0.1;rport=7;branch=z9hG4bK5", "203.0.113.9:9",
     "SIP/2.0/UDP 10.0.0.1;rport=7;branch=z9hG4bK5;received=203.0.113.9"},
    {"received_replaced", "SIP/2.0/UDP h.example;received=1.2.3.4;branch=z9hG4bK6", "203.0.113.9:9",
     "SIP/2.0/UDP h.example;received=203.0.113.9;branch=z9hG4bK6"},
    {"received_already_right", "SIP/2.0/UDP h.example;branch=z9hG4bK7;received=203.0.113.9",
     "203.0.113.9:9", nullptr},
    {"ipv6_no_brackets", "SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bK8", "[2001:db8::9:255]:5060",
     "SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bK8;received=2001:db8::9:255"},
    {"ipv6_same", "SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK9", "[2001:db8:0::1]:5060", nullptr},
    {"lws_in_params", "SIP/2.0/UDP host.example ; branch = z9hG4bKa ; rport", "192.0.2.2:5",
     "SIP/2.0/UDP host.example;branch=z9hG4bKa;rport=5;received=192.0.2.2"},
    {"unparsable", "SIP/2.0/UDP ;;", "192.0.2.2:5", nullptr},
};

TEST(ViaReceived, ElementRewrite) {
    for (const auto& c : element_cases) {
        SCOPED_TRACE(c.name);
        auto source = Endpoint::from_string(c.source);
        ASSERT_TRUE(source);
        std::string out = "untouched";
        bool changed = rewrite_via_element(c.element, *source, out);
        if (c.expected == nullptr) {
            EXPECT_FALSE(changed);
            EXPECT_EQ(out, "untouched");
        } else {
            EXPECT_TRUE(changed);
            EXPECT_EQ(out, c.expected);
        }
    }
}

constexpr std::string_view request_head = "OPTIONS sip:bob@example.com SIP/2.0\r\n";
constexpr std::string_view request_tail =
    "To: <sip:bob@example.com>\r\n"
    "From: <sip:alice@example.com>;tag=1\r\n"
    "Call-ID: abc\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n\r\n";

struct MessageCase {
    const char* name;
    const char* via_lines;
    const char* expected_via_lines;  // nullptr: unchanged
};

constexpr MessageCase message_cases[] = {
    {"one_via", "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;rport\r\n",
     "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;rport=4000;received=192.0.2.9\r\n"},
    {"shared_line",
     "v: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1 , SIP/2.0/UDP p.example;branch=z9hG4bK0\r\n",
     "v: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=192.0.2.9 , SIP/2.0/UDP "
     "p.example;branch=z9hG4bK0\r\n"},
    {"two_lines",
     "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP p.example;branch=z9hG4bK0\r\n",
     "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=192.0.2.9\r\nVia: SIP/2.0/UDP "
     "p.example;branch=z9hG4bK0\r\n"},
    {"unchanged", "Via: SIP/2.0/UDP 192.0.2.9:4000;branch=z9hG4bK1\r\n", nullptr},
};

// rewrite_top_via() reads the top Via the parser decoded, or decodes it when the message was
// parsed without it: both give the same bytes.
TEST(ViaReceived, WholeMessageKeepsOtherElements) {
    const auto source = *Endpoint::from_string("192.0.2.9:4000");
    for (const auto& c : message_cases)
        for (bool decoded : {true, false}) {
            SCOPED_TRACE(c.name);
            SCOPED_TRACE(decoded ? "decoded at parse" : "decoded on demand");
            std::string bytes = std::string(request_head) + c.via_lines + std::string(request_tail);
            sip::ParseOptions options;
            options.decode_common_headers = decoded;
            auto message = sip::parse(bytes, options);
            ASSERT_TRUE(message) << message.error().message();
            std::string out, scratch;
            bool changed = rewrite_top_via(*message, source, out, scratch);
            if (c.expected_via_lines == nullptr) {
                EXPECT_FALSE(changed);
                continue;
            }
            ASSERT_TRUE(changed);
            EXPECT_EQ(out,
                      std::string(request_head) + c.expected_via_lines + std::string(request_tail));
            auto reparsed = sip::parse(out);
            ASSERT_TRUE(reparsed);
            auto via = reparsed->top_via();
            ASSERT_TRUE(via);
            EXPECT_EQ(via->received.value_or(""), "192.0.2.9");
        }
}

}  // namespace
}  // namespace sessioncore::transport
