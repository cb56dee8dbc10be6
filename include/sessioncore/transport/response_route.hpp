#pragma once
// Where a server transport sends a response (RFC 3261 §18.2.2, RFC 3581 §4). Pure: the top Via
// of the response, its transport and whether the request's connection is still open in; the
// action out.

#include <cstdint>
#include <string_view>

#include <sessioncore/sip/via.hpp>
#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::transport {

enum class ConnectionState : std::uint8_t { Open, Closed };

enum class RouteAction : std::uint8_t {
    ReuseConnection,  ///< reliable transport, the request's connection is open: send on it
    SendTo,           ///< send (or connect) to host:port
};

/// Which Via field gave the host (for logs and tests).
enum class RouteHostSource : std::uint8_t { None, Maddr, Received, SentBy };

struct ResponseRoute {
    RouteAction action = RouteAction::SendTo;
    std::string_view host;  ///< view into the Via; IPv6 without brackets; may be a domain name
    std::uint16_t port = 0;
    RouteHostSource host_source = RouteHostSource::None;
};

/// RFC 3261 §18.2.2 with RFC 3581 §4:
/// 1. reliable transport and the connection is open: reuse it;
/// 2. maddr present: maddr, port from sent-by or the default;
/// 3. received present: received, port from rport (unreliable transports only, RFC 3581 §4)
///    else from sent-by else the default;
/// 4. otherwise the sent-by host and port (or the default port).
/// `protocol` is the transport the request arrived on (the Via's own token for a response
/// built here).
ResponseRoute route_response(const sip::Via& top_via, Protocol protocol,
                             ConnectionState connection) noexcept;

}  // namespace sessioncore::transport
