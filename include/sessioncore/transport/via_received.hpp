#pragma once
// What a server transport does to the top Via of a request it receives (RFC 3261 §18.2.1,
// RFC 3581 §4). Pure functions over text: no sockets, no allocation once the caller's output
// strings have grown.

#include <string>
#include <string_view>

#include <sessioncore/sip/message.hpp>
#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::transport {

/// Rewrites one via-parm (the top Via element) for a request that came from `source`:
/// - `received=<source ip>` when the sent-by host is not that address (a name, or another IP),
///   and always when `rport` is present (RFC 3581 §4); an existing `received` is replaced;
/// - an `rport` without value gets the source port (RFC 3581 §4); one with a value is kept.
/// Writes the new element into `out` and returns true, or returns false (out untouched) when
/// nothing changes or `element` is not a parsable via-parm. IPv6 `received` has no brackets
/// (RFC 5118 §4.5).
bool rewrite_via_element(std::string_view element, const Endpoint& source, std::string& out);

/// The whole request with its top Via rewritten as above: writes into `out` the message bytes
/// (the top element replaced in place; other elements on the same line and other Via lines
/// stay as they were) and returns true; false when nothing changes. Precondition: `request`
/// is unmodified (its header views point into wire()). `element_scratch` is reused storage.
bool rewrite_top_via(const sip::Message& request, const Endpoint& source, std::string& out,
                     std::string& element_scratch);

}  // namespace sessioncore::transport
