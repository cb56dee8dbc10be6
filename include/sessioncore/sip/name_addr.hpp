#pragma once
// name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1): the value of From, To,
// Contact, Route, Record-Route, Reply-To, Refer-To, Referred-By, P-Asserted-Identity elements.

#include <optional>
#include <string>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/params.hpp>
#include <sessioncore/sip/uri.hpp>

namespace sessioncore::sip {

struct NameAddr {
    std::string_view display_name;  ///< as written: a quoted-string with its quotes, or tokens
    Uri uri;
    bool bracketed = false;  ///< name-addr form (<uri>) rather than a bare addr-spec
    Params params;           ///< header parameters after the address (tag, expires, q, ...)
    /// The first tag parameter, noted by the parser while it scans `params` (every dialog and
    /// transaction lookup asks for the tag, several times per message), and the parameter text
    /// it was found in: tag() trusts it only while `params` still holds that text.
    std::optional<std::string_view> parsed_tag;
    std::string_view parsed_tag_params;

    /// The tag parameter's value ("" for a bare flag); nullopt when absent.
    [[nodiscard]] std::optional<std::string_view> tag() const noexcept {
        std::string_view raw = params.raw();
        if (raw.data() == parsed_tag_params.data() && raw.size() == parsed_tag_params.size())
            return parsed_tag;
        return params.find("tag");
    }
    /// The display name without quotes and with quoted-pairs resolved (\" -> ").
    [[nodiscard]] std::string display_name_text() const;
};

/// Parses one name-addr or addr-spec with its parameters. An addr-spec (no < >) may not contain
/// ',', ';' or '?' in its URI (RFC 3261 §20.10): parameters after it belong to the header.
/// An unquoted display name must be tokens and LWS (RFC 3261 §25.1).
/// Errors: errc::bad_header_value with `header` set to `which`, offset relative to `text`.
Result<NameAddr> parse_name_addr(std::string_view text, HeaderId which = HeaderId::Other) noexcept;

/// One Contact element (RFC 3261 §20.10, §10.2.2): "*" (REGISTER: remove every binding) or a
/// name-addr / addr-spec with its contact-params (expires, q, +sip.instance, ...).
struct ContactValue {
    bool wildcard = false;
    NameAddr address;  ///< empty when wildcard
};

/// Parses one element of Message::values(HeaderId::Contact).
/// Errors: errc::bad_header_value with header Contact.
Result<ContactValue> parse_contact(std::string_view element) noexcept;

}  // namespace sessioncore::sip
