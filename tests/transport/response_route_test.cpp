// RFC 3261 §18.2.2 / RFC 3581 §4 response routing, one row per rule.
#include <gtest/gtest.h>

#include <sessioncore/transport/response_route.hpp>

namespace sessioncore::transport {
namespace {

struct Case {
    const char* name;
    const char* via;
    Protocol protocol;
    ConnectionState connection;
    RouteAction action;
    const char* host;
    std::uint16_t port;
    RouteHostSource source;
};

constexpr auto Open = ConnectionState::Open;
constexpr auto Closed = ConnectionState::Closed;
constexpr auto Reuse = RouteAction::ReuseConnection;
constexpr auto SendTo = RouteAction::SendTo;

constexpr Case cases[] = {
    {"tcp_open_reuses", "SIP/2.0/TCP a.example;received=192.0.2.1", Protocol::Tcp, Open, Reuse, "",
     0, RouteHostSource::None},
    {"tls_open_reuses", "SIP/2.0/TLS a.example", Protocol::Tls, Open, Reuse, "", 0,
     RouteHostSource::None},
    {"udp_ignores_connection", "SIP/2.0/UDP a.example:5070", Protocol::Udp, Open, SendTo,
     "a.example", 5070, RouteHostSource::SentBy},
    {"tcp_closed_received_sent_by_port", "SIP/2.0/TCP a.example:5070;received=192.0.2.1;rport=9",
     Protocol::Tcp, Closed, SendTo, "192.0.2.1", 5070, RouteHostSource::Received},
    {"tcp_closed_default_port", "SIP/2.0/TCP a.example;received=192.0.2.1", Protocol::Tcp, Closed,
     SendTo, "192.0.2.1", 5060, RouteHostSource::Received},
    {"tls_closed_default_5061", "SIP/2.0/TLS a.example", Protocol::Tls, Closed, SendTo, "a.example",
     5061, RouteHostSource::SentBy},
    {"maddr_first", "SIP/2.0/UDP a.example:5080;maddr=239.1.1.1;ttl=1;received=192.0.2.1",
     Protocol::Udp, Closed, SendTo, "239.1.1.1", 5080, RouteHostSource::Maddr},
    {"maddr_default_port", "SIP/2.0/UDP a.example;maddr=192.0.2.8", Protocol::Udp, Closed, SendTo,
     "192.0.2.8", 5060, RouteHostSource::Maddr},
    {"udp_received_rport", "SIP/2.0/UDP 10.0.0.1:5060;received=203.0.113.1;rport=4321",
     Protocol::Udp, Closed, SendTo, "203.0.113.1", 4321, RouteHostSource::Received},
    {"udp_received_no_rport", "SIP/2.0/UDP a.example:5062;received=203.0.113.1", Protocol::Udp,
     Closed, SendTo, "203.0.113.1", 5062, RouteHostSource::Received},
    {"udp_sent_by", "SIP/2.0/UDP 192.0.2.3:5099", Protocol::Udp, Closed, SendTo, "192.0.2.3", 5099,
     RouteHostSource::SentBy},
    {"udp_sent_by_default", "SIP/2.0/UDP 192.0.2.3", Protocol::Udp, Closed, SendTo, "192.0.2.3",
     5060, RouteHostSource::SentBy},
    {"ipv6_received", "SIP/2.0/UDP [2001:db8::1];received=2001:db8::2;rport=7", Protocol::Udp,
     Closed, SendTo, "2001:db8::2", 7, RouteHostSource::Received},
};

TEST(ResponseRoute, Rfc3261Section18_2_2) {
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto via = sip::parse_via(c.via);
        ASSERT_TRUE(via) << via.error().message();
        ResponseRoute route = route_response(*via, c.protocol, c.connection);
        EXPECT_EQ(route.action, c.action);
        EXPECT_EQ(route.host, c.host);
        EXPECT_EQ(route.port, c.port);
        EXPECT_EQ(route.host_source, c.source);
    }
}

}  // namespace
}  // namespace sessioncore::transport
