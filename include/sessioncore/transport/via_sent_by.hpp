#pragma once
// What a client transport writes into the top Via of a request it sends (RFC 3261 §18.1.1:
// the sent-protocol and sent-by name the transport and address actually used, so that the
// response comes back to it). Pure: text in, text out.

#include <string>
#include <string_view>

#include <sessioncore/sip/message.hpp>
#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::transport {

/// Rewrites one via-parm: "SIP/2.0/<protocol> <local>" followed by the element's parameters
/// (branch, rport, ... as the caller wrote them). Returns false (out untouched) when `element`
/// is not a parsable via-parm.
bool rewrite_sent_by_element(std::string_view element, Protocol protocol, const Endpoint& local,
                             std::string& out);

/// The request's bytes with the top Via rewritten as above (other elements and lines as they
/// were). A request modified since parsing is serialized first. Returns false when the request
/// has no parsable top Via.
bool rewrite_sent_by(const sip::Message& request, Protocol protocol, const Endpoint& local,
                     std::string& out, std::string& element_scratch);

}  // namespace sessioncore::transport
