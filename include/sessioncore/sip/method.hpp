#pragma once
// SIP request methods. Methods are case-sensitive tokens (RFC 3261 §7.1); an unknown one is
// kept by name as Method::Unknown.

#include <cstdint>
#include <string_view>

namespace sessioncore::sip {

enum class Method : std::uint8_t {
    Unknown,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,      // RFC 3262
    Subscribe,  // RFC 6665
    Notify,     // RFC 6665
    Publish,    // RFC 3903
    Info,       // RFC 6086
    Refer,      // RFC 3515
    Message,    // RFC 3428
    Update,     // RFC 3311
};

/// The method for a token, exact match (case-sensitive); Unknown otherwise.
Method method_of(std::string_view token) noexcept;
/// The token of a known method; "" for Unknown.
std::string_view method_name(Method m) noexcept;

}  // namespace sessioncore::sip
