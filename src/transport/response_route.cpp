// Response routing, RFC 3261 §18.2.2 and RFC 3581 §4.
#include <sessioncore/transport/response_route.hpp>

namespace sessioncore::transport {

ResponseRoute route_response(const sip::Via& via, Protocol protocol,
                             ConnectionState connection) noexcept {
    if (is_reliable(protocol) && connection == ConnectionState::Open)
        return {RouteAction::ReuseConnection, {}, 0, RouteHostSource::None};
    const std::uint16_t sent_by_port = via.port.value_or(default_port(protocol));
    // §18.2.2: maddr first (the response goes to that multicast or unicast address).
    if (via.maddr && !via.maddr->empty())
        return {RouteAction::SendTo, *via.maddr, sent_by_port, RouteHostSource::Maddr};
    if (via.received && !via.received->empty()) {
        // RFC 3581 §4: rport's value is the source port of the request; it only means
        // something for datagrams (a stream's source port is not a listening port).
        std::uint16_t port = sent_by_port;
        if (!is_reliable(protocol) && via.rport)
            port = *via.rport;
        return {RouteAction::SendTo, *via.received, port, RouteHostSource::Received};
    }
    return {RouteAction::SendTo, via.host, sent_by_port, RouteHostSource::SentBy};
}

}  // namespace sessioncore::transport
