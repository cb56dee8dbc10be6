// SIP, SIPS, TEL and other URIs (RFC 3261 §19.1, §25.1; RFC 3966; RFC 5118). One pass over the
// text, no allocation: every field is a view into it.
#include <sessioncore/sip/uri.hpp>

#include "lex.hpp"
#include "lex_address.hpp"
#include "uri_impl.hpp"

namespace sessioncore::sip {
namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr std::uint8_t user_chars = lex::kUnreserved | lex::kUserExtra;
constexpr std::uint8_t password_chars = lex::kUnreserved | lex::kPasswordExtra;
constexpr std::uint8_t param_chars = lex::kUnreserved | lex::kParamExtra;
constexpr std::uint8_t header_chars = lex::kUnreserved | lex::kHeaderExtra;

Error bad_uri(std::size_t at) noexcept {
    return Error(errc::bad_uri, HeaderId::None, at);
}

/// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3261 §25.1); returns the offset of
/// the ':' that ends it.
Result<std::size_t> scheme_end(std::string_view text) noexcept {
    if (text.empty() || !lex::is_alpha(text[0]))
        return bad_uri(0);
    std::size_t i = 1;
    while (i < text.size() && lex::has(text[i], lex::kSchemeChar))
        ++i;
    if (i == text.size() || text[i] != ':')
        return bad_uri(i);
    return i;
}

UriScheme scheme_of(std::string_view name) noexcept {
    if (lex::iequals(name, "sip"))
        return UriScheme::Sip;
    if (lex::iequals(name, "sips"))
        return UriScheme::Sips;
    if (lex::iequals(name, "tel"))
        return UriScheme::Tel;
    return UriScheme::Other;
}

/// userinfo = user [ ":" password ] "@" (RFC 3261 §25.1) in text[begin, at), text[at] == '@'.
/// The user may hold ';', '?', '/' and ',' (user-unreserved), never ':'.
Result<void> parse_userinfo(Uri& uri, std::string_view text, std::size_t begin,
                            std::size_t at) noexcept {
    std::string_view info = text.substr(0, at);
    std::size_t user_end = info.find(':', begin);
    if (user_end == npos)
        user_end = at;
    std::size_t bad = lex::scan_escaped(info.substr(0, user_end), begin, user_chars);
    if (user_end == begin || bad != user_end)
        return bad_uri(bad);
    uri.user = info.substr(begin, user_end - begin);
    uri.has_user = true;
    if (user_end == at)
        return {};
    bad = lex::scan_escaped(info, user_end + 1, password_chars);
    if (bad != at)
        return bad_uri(bad);
    uri.password = info.substr(user_end + 1);
    uri.has_password = true;
    return {};
}

/// hostport = host [ ":" port ] (RFC 3261 §25.1); an IPv6 host needs its brackets (RFC 5118
/// §4.2), and a ':' inside them is never a port (§4.3). Returns where it ends.
Result<std::size_t> parse_hostport(Uri& uri, std::string_view text, std::size_t pos) noexcept {
    auto [host, kind] = lex::scan_host<HostKind>(text, pos);
    uri.host_kind = kind;
    if (uri.host_kind == HostKind::None)
        return bad_uri(pos);
    uri.host = lex::strip_brackets(host);
    pos += host.size();
    if (pos == text.size() || text[pos] != ':')
        return pos;
    std::string_view digits = text.substr(pos + 1, lex::digits_length(text, pos + 1));
    uri.port = lex::parse_port(digits);
    if (!uri.port)
        return bad_uri(pos + 1);
    return pos + 1 + digits.size();
}

/// uri-parameters = *( ";" pname [ "=" pvalue ] ), pname and pvalue 1*paramchar (RFC 3261
/// §25.1; RFC 3966 tel parameters use the same characters). Returns where they end.
Result<std::size_t> scan_uri_params(std::string_view text, std::size_t pos) noexcept {
    while (pos < text.size() && text[pos] == ';') {
        std::size_t name_end = lex::scan_escaped(text, pos + 1, param_chars);
        if (name_end == pos + 1)
            return bad_uri(name_end);
        pos = name_end;
        if (pos == text.size() || text[pos] != '=')
            continue;
        std::size_t value_end = lex::scan_escaped(text, pos + 1, param_chars);
        if (value_end == pos + 1)
            return bad_uri(value_end);
        pos = value_end;
    }
    return pos;
}

/// headers = header *( "&" header ), header = hname "=" hvalue (RFC 3261 §25.1), from pos (after
/// the '?') to the end of the text.
Result<void> check_uri_headers(std::string_view text, std::size_t pos) noexcept {
    for (;;) {
        std::size_t name_end = lex::scan_escaped(text, pos, header_chars);
        if (name_end == pos || name_end == text.size() || text[name_end] != '=') {
            return bad_uri(name_end);
        }
        std::size_t value_end = lex::scan_escaped(text, name_end + 1, header_chars);
        if (value_end == text.size())
            return {};
        if (text[value_end] != '&')
            return bad_uri(value_end);
        pos = value_end + 1;
    }
}

/// SIP-URI / SIPS-URI after "sip:" (RFC 3261 §19.1.1, §25.1). Userinfo is present iff there is an
/// '@': no character after the host part may be an unescaped '@', so the first one ends it.
Result<void> parse_sip(Uri& uri, std::string_view text, std::size_t pos) noexcept {
    std::size_t at = text.find('@', pos);
    if (at != npos) {
        if (auto userinfo = parse_userinfo(uri, text, pos, at); !userinfo)
            return userinfo.error();
        pos = at + 1;
    }
    auto host_end = parse_hostport(uri, text, pos);
    if (!host_end)
        return host_end.error();
    auto params_end = scan_uri_params(text, *host_end);
    if (!params_end)
        return params_end.error();
    uri.params = Params(text.substr(*host_end, *params_end - *host_end));
    pos = *params_end;
    if (pos == text.size())
        return {};
    if (text[pos] != '?')
        return bad_uri(pos);
    uri.headers = text.substr(pos + 1);
    return check_uri_headers(text, pos + 1);
}

/// Length of a telephone-subscriber number (RFC 3966 §3) at pos: global "+" *phonedigit DIGIT
/// *phonedigit, or local *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex; visual
/// separators are "-" "." "(" ")". 0 when there is no digit.
std::size_t tel_number_length(std::string_view text, std::size_t pos) noexcept {
    bool global = pos < text.size() && text[pos] == '+';
    bool has_digit = false;
    std::size_t i = global ? pos + 1 : pos;
    for (; i < text.size(); ++i) {
        char c = text[i];
        bool digit = global ? lex::is_digit(c) : (lex::is_hex(c) || c == '*' || c == '#');
        bool separator = c == '-' || c == '.' || c == '(' || c == ')';
        if (!digit && !separator)
            break;
        has_digit = has_digit || digit;
    }
    return has_digit ? i - pos : 0;
}

/// telephone-uri = "tel:" telephone-subscriber *( ";" par ) (RFC 3966 §3); the number goes to
/// `user`. Whether a local number has its phone-context is left to the application.
Result<void> parse_tel(Uri& uri, std::string_view text, std::size_t pos) noexcept {
    std::size_t length = tel_number_length(text, pos);
    if (length == 0)
        return bad_uri(pos);
    uri.user = text.substr(pos, length);
    uri.has_user = true;
    pos += length;
    auto params_end = scan_uri_params(text, pos);
    if (!params_end)
        return params_end.error();
    if (*params_end != text.size())
        return bad_uri(*params_end);
    uri.params = Params(text.substr(pos));
    return {};
}

/// Any other scheme (RFC 3261 absoluteURI): the rest is opaque, but non-empty and free of
/// whitespace, controls and the < > " that never appear in a URI (RFC 3986 §2).
Result<void> parse_opaque(Uri& uri, std::string_view text, std::size_t pos) noexcept {
    if (pos == text.size())
        return bad_uri(pos);
    for (std::size_t i = pos; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
            return bad_uri(i);
    }
    uri.opaque = text.substr(pos);
    return {};
}

}  // namespace

namespace detail {

bool parse_uri_into(std::string_view text, Uri& uri, Error& error) noexcept {
    auto colon = scheme_end(text);
    if (!colon) {
        error = colon.error();
        return false;
    }
    uri.raw = text;
    uri.scheme_name = text.substr(0, *colon);
    uri.scheme = scheme_of(uri.scheme_name);
    std::size_t rest = *colon + 1;
    Result<void> parsed = uri.scheme == UriScheme::Tel     ? parse_tel(uri, text, rest)
                          : uri.scheme == UriScheme::Other ? parse_opaque(uri, text, rest)
                                                           : parse_sip(uri, text, rest);
    if (!parsed) {
        error = parsed.error();
        return false;
    }
    return true;
}

}  // namespace detail

Result<Uri> parse_uri(std::string_view text) noexcept {
    // Built in place and returned by name: no copy of the 150-byte Uri.
    Result<Uri> result(boost::system::in_place_value);
    Error error;
    if (!detail::parse_uri_into(text, *result, error))
        result = error;
    return result;
}

std::string unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        // RFC 3261 §19.1.2: escaped = "%" HEXDIG HEXDIG; decode once, keep anything else as is.
        bool escape = text[i] == '%' && i + 2 < text.size() && lex::is_hex(text[i + 1]) &&
                      lex::is_hex(text[i + 2]);
        if (!escape) {
            out.push_back(text[i]);
            continue;
        }
        out.push_back(
            static_cast<char>(lex::hex_value(text[i + 1]) * 16 + lex::hex_value(text[i + 2])));
        i += 2;
    }
    return out;
}

std::string Uri::user_unescaped() const {
    return unescape(user);
}

bool is_ipv6_address(std::string_view text) noexcept {
    return lex::is_ipv6(text);
}

bool is_ipv4_address(std::string_view text) noexcept {
    return lex::is_ipv4(text);
}

}  // namespace sessioncore::sip
