#pragma once
// Checks on a parsed message, in two steps:
//  validate()      the message is well-formed SIP: mandatory headers present once (RFC 3261
//                  §8.1.1), every header we know parses, scalars in range, Request-URI valid.
//                  Failure: 400 (or 505 for the version) - RFC 3261 §8.2, RFC 4475 §3.1.2/§3.3.
//  check_request() what a UAS or proxy core answers before acting on a well-formed request
//                  (RFC 3261 §8.2.1-§8.2.3, §16.3): 501, 405, 416, 420, 415, 406, 483.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::sip {

/// Returns the first problem found, or success.
Result<void> validate(const Message& message) noexcept;

enum class ElementRole : std::uint8_t { UserAgentServer, Proxy };

/// What the element supports. Spans must outlive the call.
struct RequestPolicy {
    ElementRole role = ElementRole::UserAgentServer;
    std::span<const Method> methods;               ///< empty: every known method
    std::span<const std::string_view> extensions;  ///< option tags we support (Require)
    std::span<const std::string_view> body_types;  ///< "application/sdp"; empty: any type
};

struct RequestVerdict {
    std::uint16_t status = 0;  ///< 0: go ahead; else the final response to send
    Error error;               ///< why (valid when status != 0)
    /// For 420: the tags to list in Unsupported; views into the request, which must outlive
    /// this verdict.
    std::vector<std::string_view> unsupported;
};

/// Applies RFC 3261 §8.2.1-§8.2.3 (UAS) or §16.3 (proxy) checks to a validated request.
RequestVerdict check_request(const Message& request, const RequestPolicy& policy);

}  // namespace sessioncore::sip
