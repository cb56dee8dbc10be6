#pragma once
// One via-parm (RFC 3261 §20.42, §25.1; RFC 3581 rport; RFC 5118 IPv6 received).

#include <cstdint>
#include <optional>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/params.hpp>
#include <sessioncore/sip/uri.hpp>

namespace sessioncore::sip {

/// RFC 3261 §8.1.1.7: a branch starting with this cookie was made by an RFC 3261 element.
inline constexpr std::string_view branch_magic_cookie = "z9hG4bK";

struct Via {
    std::string_view protocol_name;     ///< "SIP"
    std::string_view protocol_version;  ///< "2.0"
    std::string_view transport;         ///< "UDP", "TCP", "TLS", "SCTP", "WS", "WSS" or a token
    std::string_view host;              ///< sent-by host, IPv6 without brackets
    HostKind host_kind = HostKind::None;
    std::optional<std::uint16_t> port;
    Params params;
    std::optional<std::string_view> branch;
    std::optional<std::string_view> received;  ///< IPv6 without brackets (RFC 5118 §4.5)
    std::optional<std::string_view> maddr;
    std::optional<std::uint8_t> ttl;
    bool has_rport = false;              ///< rport present (with or without value)
    std::optional<std::uint16_t> rport;  ///< its value, when the element filled it in
};

/// Parses one via-parm; LWS is allowed around '/', ';', '=' and before the sent-by.
/// Errors: errc::bad_header_value, header Via, offset relative to `text`.
Result<Via> parse_via(std::string_view text) noexcept;

}  // namespace sessioncore::sip
