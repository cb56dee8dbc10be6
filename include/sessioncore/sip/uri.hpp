#pragma once
// SIP, SIPS and TEL URIs (RFC 3261 §19.1, §25.1; RFC 3966; RFC 5118 for IPv6 references).
// Parsed zero-copy: every field is a view into the text given to parse_uri().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/params.hpp>

namespace sessioncore::sip {

enum class UriScheme : std::uint8_t { Sip, Sips, Tel, Other };
enum class HostKind : std::uint8_t { None, Name, Ipv4, Ipv6 };

struct Uri {
    UriScheme scheme = UriScheme::Other;
    std::string_view scheme_name;  ///< as written ("sip", "SIPS", "soap.beep")
    std::string_view user;         ///< still %-escaped; for tel: the telephone-subscriber number
    std::string_view password;     ///< still %-escaped; empty when absent
    bool has_user = false;
    bool has_password = false;
    std::string_view host;  ///< without the [ ] of an IPv6 reference
    HostKind host_kind = HostKind::None;
    std::optional<std::uint16_t> port;
    Params params;             ///< uri-parameters (sip/sips) or tel parameters
    std::string_view headers;  ///< after '?', without it; still %-escaped
    std::string_view opaque;   ///< for UriScheme::Other: everything after "scheme:"
    std::string_view raw;      ///< the whole URI text

    [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const noexcept {
        return params.find(name);
    }
    /// The user part with %HH escapes decoded once (RFC 3261 §19.1.2); keeps embedded NULs.
    [[nodiscard]] std::string user_unescaped() const;
};

/// Parses a URI. Errors: errc::bad_uri (with the offset of the bad byte) for a malformed sip,
/// sips or tel URI; other schemes only need a valid scheme and no whitespace.
/// Preconditions: none; any bytes are accepted.
Result<Uri> parse_uri(std::string_view text) noexcept;

/// Decodes %HH escapes once. An invalid escape ("%Z4", a trailing '%') is kept literally.
std::string unescape(std::string_view text);

/// True when `text` is an IPv6 address as RFC 5118 asks us to accept (including the three-colon
/// form of §4.10 and IPv4-mapped addresses). No brackets.
bool is_ipv6_address(std::string_view text) noexcept;
/// True for a dotted-quad IPv4 address.
bool is_ipv4_address(std::string_view text) noexcept;

}  // namespace sessioncore::sip
