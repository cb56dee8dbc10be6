// One via-parm (RFC 3261 §20.42, §25.1; RFC 3581 rport; RFC 5118 §4.5 IPv6 received). One pass,
// no allocation: every field is a view into the text.
#include <optional>

#include <sessioncore/sip/via.hpp>

#include "lex.hpp"
#include "lex_address.hpp"

namespace sessioncore::sip {
namespace {

constexpr std::size_t npos = std::string_view::npos;

Error bad_via(std::size_t at) noexcept {
    return Error(errc::bad_header_value, HeaderId::Via, at);
}

/// sent-protocol = protocol-name SLASH protocol-version SLASH transport, each a token, SLASH =
/// SWS "/" SWS (RFC 3261 §25.1; RFC 4475 wsinv folds lines around them). Returns where the
/// transport ends.
Result<std::size_t> parse_sent_protocol(Via& via, std::string_view text) noexcept {
    // Fast path for the form every RFC 3261 element sends: "SIP/2.0/" then the transport.
    if (text.starts_with("SIP/2.0/")) {
        std::size_t length = lex::token_length(text, 8);
        if (length != 0) {
            via.protocol_name = text.substr(0, 3);
            via.protocol_version = text.substr(4, 3);
            via.transport = text.substr(8, length);
            return 8 + length;
        }
    }
    std::string_view* fields[] = {&via.protocol_name, &via.protocol_version, &via.transport};
    std::size_t pos = lex::skip_lws(text, 0);
    for (std::size_t i = 0; i < 3; ++i) {
        if (i > 0) {
            pos = lex::skip_lws(text, pos);
            if (pos == text.size() || text[pos] != '/')
                return bad_via(pos);
            pos = lex::skip_lws(text, pos + 1);
        }
        std::size_t length = lex::token_length(text, pos);
        if (length == 0)
            return bad_via(pos);
        *fields[i] = text.substr(pos, length);
        pos += length;
    }
    return pos;
}

/// LWS sent-by, sent-by = host [ COLON port ], COLON = SWS ":" SWS (RFC 3261 §25.1). Returns
/// where it ends.
Result<std::size_t> parse_sent_by(Via& via, std::string_view text, std::size_t pos) noexcept {
    std::size_t begin = lex::skip_lws(text, pos);
    if (begin == pos)
        return bad_via(pos);
    auto [host, kind] = lex::scan_host<HostKind>(text, begin);
    via.host_kind = kind;
    if (via.host_kind == HostKind::None)
        return bad_via(begin);
    via.host = lex::strip_brackets(host);
    std::size_t end = begin + host.size();
    std::size_t colon = lex::skip_lws(text, end);
    if (colon == text.size() || text[colon] != ':')
        return end;
    std::size_t digits = lex::skip_lws(text, colon + 1);
    std::size_t length = lex::digits_length(text, digits);
    via.port = lex::parse_port(text.substr(digits, length));
    if (!via.port)
        return bad_via(digits);
    return digits + length;
}

/// Stores `value` in `field` unless an earlier parameter of that name did (the first one wins,
/// as in Params::find); false when `ok` is false.
template <class T>
bool set_first(std::optional<T>& field, T value, bool ok) noexcept {
    if (ok && !field)
        field = value;
    return ok;
}

/// via-received = "received" EQUAL ( IPv4address / IPv6address ); IPv6 also in brackets (RFC
/// 5118 §4.5), stored without them.
bool apply_received(Via& via, std::string_view value) noexcept {
    std::string_view address = lex::strip_brackets(value);
    bool ok = lex::is_ipv4(value) || lex::is_ipv6(address);
    return set_first(via.received, address, ok);
}

/// via-ttl = "ttl" EQUAL ttl, ttl = 1*3DIGIT (0 to 255).
bool apply_ttl(Via& via, std::string_view value) noexcept {
    auto ttl = value.size() <= 3 ? lex::parse_decimal(value, 255) : std::nullopt;
    return set_first(via.ttl, static_cast<std::uint8_t>(ttl.value_or(0)), ttl.has_value());
}

/// response-port = "rport" [ EQUAL 1*DIGIT ] (RFC 3581 §3): a flag in a request, the port the
/// request came from once a server filled it in.
bool apply_rport(Via& via, std::string_view value, bool has_value) noexcept {
    via.has_rport = true;
    if (!has_value)
        return true;
    auto port = lex::parse_port(value);
    return set_first(via.rport, port.value_or(0), port.has_value());
}

/// via-params (RFC 3261 §25.1): checks and stores branch, received, maddr, ttl and rport; any
/// other via-extension (a generic-param) is only kept in Via::params.
bool apply_param(Via& via, std::string_view name, std::string_view value, bool has_value) noexcept {
    // Dispatch on the name's length first: one compare decides for most parameters.
    switch (name.size()) {
        case 3:
            if (!lex::iequals(name, "ttl"))
                return true;
            return has_value && apply_ttl(via, value);
        case 5:
            if (lex::iequals(name, "rport"))
                return apply_rport(via, value, has_value);
            if (!lex::iequals(name, "maddr"))
                return true;
            return has_value &&
                   set_first(via.maddr, value, lex::host_kind<HostKind>(value) != HostKind::None);
        case 6:
            if (!lex::iequals(name, "branch"))
                return true;
            return has_value &&
                   set_first(via.branch, value, lex::token_length(value, 0) == value.size());
        case 8:
            if (!lex::iequals(name, "received"))
                return true;
            return has_value && apply_received(via, value);
        default:
            return true;  // any other via-extension is only kept in Via::params
    }
}

}  // namespace

namespace {

/// parse_via() proper, filling `via`; returns the error, if any.
std::optional<Error> fill_via(Via& via, std::string_view text) noexcept {
    auto protocol_end = parse_sent_protocol(via, text);
    if (!protocol_end)
        return protocol_end.error();
    auto sent_by_end = parse_sent_by(via, text, *protocol_end);
    if (!sent_by_end)
        return sent_by_end.error();
    // *( SEMI via-params ), LWS around ';' and '='; an empty one is an error (RFC 4475 badinv01).
    auto scan = lex::scan_generic_params(
        text, *sent_by_end, [&via](std::string_view name, std::string_view value, bool has_value) {
            return apply_param(via, name, value, has_value);
        });
    if (scan.bad != npos)
        return bad_via(scan.bad);
    via.params = Params(text.substr(scan.begin, scan.end - scan.begin));
    return std::nullopt;
}

}  // namespace

Result<Via> parse_via(std::string_view text) noexcept {
    // Built in place and returned by name: no copy of the 170-byte Via (measured, see
    // docs/PERFORMANCE.md).
    Result<Via> result(boost::system::in_place_value);
    if (auto error = fill_via(*result, text))
        result = *error;
    return result;
}

}  // namespace sessioncore::sip
