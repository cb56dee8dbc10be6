// name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1; RFC 4475 torture cases).
// One pass, no allocation: the display name, URI and parameters are views into the text.
#include <optional>

#include <sessioncore/sip/name_addr.hpp>

#include "lex.hpp"
#include "lex_address.hpp"
#include "uri_impl.hpp"

namespace sessioncore::sip {
namespace {

constexpr std::size_t npos = std::string_view::npos;

/// Parses the URI text[begin, end) and stores it; a URI error points into `text`.
Result<void> parse_uri_at(NameAddr& out, std::string_view text, std::size_t begin, std::size_t end,
                          HeaderId which) noexcept {
    Error error;
    if (!detail::parse_uri_into(text.substr(begin, end - begin), out.uri, error))
        return Error(errc::bad_header_value, which, begin + error.offset);
    return {};
}

/// LAQUOT addr-spec RAQUOT with text[pos] == '<'; nothing may pad the URI inside the brackets
/// (RFC 4475 badaspec). Returns the offset after the '>'.
Result<std::size_t> parse_bracketed(NameAddr& out, std::string_view text, std::size_t pos,
                                    HeaderId which) noexcept {
    std::size_t close = text.find('>', pos);
    if (close == npos)
        return Error(errc::bad_header_value, which, pos);
    if (auto uri = parse_uri_at(out, text, pos + 1, close, which); !uri)
        return uri.error();
    out.bracketed = true;
    return close + 1;
}

/// addr-spec without brackets: the URI ends at the first ';' or LWS, whatever follows is a
/// header parameter (RFC 4475 cparam01), and it may not hold ',' or '?' (RFC 3261 §20.10,
/// RFC 4475 regbadct). Returns the offset after the URI.
Result<std::size_t> parse_bare(NameAddr& out, std::string_view text, std::size_t pos,
                               HeaderId which) noexcept {
    std::size_t end = text.find_first_of("; \t\r\n", pos);
    if (end == npos)
        end = text.size();
    std::size_t reserved = text.substr(0, end).find_first_of(",?", pos);
    if (reserved != npos)
        return Error(errc::bad_header_value, which, reserved);
    if (auto uri = parse_uri_at(out, text, pos, end, which); !uri)
        return uri.error();
    return end;
}

/// Length of the quoted-string display name at pos (RFC 3261 §25.1): qdtext is LWS or any byte
/// but controls, '"' and '\'; a quoted-pair escapes any byte but CR and LF (even NUL, RFC 4475
/// intmeth). An unterminated string is an error (RFC 4475 quotbal).
Result<std::size_t> quoted_length(std::string_view text, std::size_t pos, HeaderId which) noexcept {
    auto length = lex::quoted_string_length(text, pos);
    if (!length)
        return Error(errc::bad_header_value, which, pos);
    for (std::size_t i = pos + 1; i + 1 < pos + *length; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\\') {
            ++i;
        } else if ((c < 0x20 && c != '\t' && lex::lws_length_at(text, i) == 0) || c == 0x7f) {
            return Error(errc::bad_header_value, which, i);
        }
    }
    return *length;
}

/// Offset of the '<' after a display name of tokens and LWS starting at pos (RFC 3261 §25.1;
/// no LWS is needed before the '<', RFC 4475 lwsdisp), or npos when pos does not start one.
/// `name_end` receives the end of the last token.
std::size_t token_display_name(std::string_view text, std::size_t pos,
                               std::size_t& name_end) noexcept {
    std::size_t i = pos;
    name_end = pos;
    while (std::size_t n = lex::token_length(text, i)) {
        name_end = i + n;
        i = lex::skip_lws(text, name_end);
    }
    bool angle = i < text.size() && text[i] == '<' && name_end > pos;
    return angle ? i : npos;
}

/// [ display-name ] LAQUOT addr-spec RAQUOT / addr-spec, from pos; returns the offset after it.
Result<std::size_t> parse_address(NameAddr& out, std::string_view text, std::size_t pos,
                                  HeaderId which) noexcept {
    if (pos == text.size())
        return Error(errc::bad_header_value, which, pos);
    if (text[pos] == '<')
        return parse_bracketed(out, text, pos, which);
    if (text[pos] == '"') {
        auto length = quoted_length(text, pos, which);
        if (!length)
            return length.error();
        out.display_name = text.substr(pos, *length);
        std::size_t angle = lex::skip_lws(text, pos + *length);
        if (angle == text.size() || text[angle] != '<') {
            return Error(errc::bad_header_value, which, angle);
        }
        return parse_bracketed(out, text, angle, which);
    }
    std::size_t name_end = pos;
    std::size_t angle = token_display_name(text, pos, name_end);
    if (angle == npos)
        return parse_bare(out, text, pos, which);
    out.display_name = text.substr(pos, name_end - pos);
    return parse_bracketed(out, text, angle, which);
}

}  // namespace

namespace {

/// parse_name_addr() proper, filling `out`; returns the error, if any.
std::optional<Error> fill_name_addr(NameAddr& out, std::string_view text, HeaderId which) noexcept {
    auto end = parse_address(out, text, lex::skip_lws(text, 0), which);
    if (!end)
        return end.error();
    // Header parameters: *( SEMI generic-param ), LWS around ';' and '=' (RFC 4475 wsinv); an
    // empty one (";;") is an error (RFC 4475 badinv01).
    // The first tag is kept as it goes by, as Params::find("tag") would find it.
    auto scan = lex::scan_generic_params(
        text, *end, [&out](std::string_view name, std::string_view value, bool has_value) {
            if (!out.parsed_tag && name.size() == 3 && lex::iequals(name, "tag"))
                out.parsed_tag = has_value ? value : std::string_view{};
            return true;
        });
    if (scan.bad != npos)
        return Error(errc::bad_header_value, which, scan.bad);
    out.params = Params(text.substr(scan.begin, scan.end - scan.begin));
    out.parsed_tag_params = out.params.raw();
    return std::nullopt;
}

}  // namespace

Result<NameAddr> parse_name_addr(std::string_view text, HeaderId which) noexcept {
    // Built in place and returned by name: no copy of the 190-byte NameAddr.
    Result<NameAddr> result(boost::system::in_place_value);
    if (auto error = fill_name_addr(*result, text, which))
        result = *error;
    return result;
}

Result<ContactValue> parse_contact(std::string_view element) noexcept {
    Result<ContactValue> result(boost::system::in_place_value);
    if (lex::trim(element) == "*") {
        result->wildcard = true;
        return result;
    }
    if (auto error = fill_name_addr(result->address, element, HeaderId::Contact))
        result = *error;
    return result;
}

std::string NameAddr::display_name_text() const {
    std::string_view inner = unquote(display_name);
    if (inner.size() == display_name.size())
        return std::string(display_name);
    std::string out;
    out.reserve(inner.size());
    for (std::size_t i = 0; i < inner.size(); ++i) {
        // quoted-pair = "\" CHAR (RFC 3261 §25.1): keep the escaped byte, drop the backslash.
        if (inner[i] == '\\' && i + 1 < inner.size())
            ++i;
        out.push_back(inner[i]);
    }
    return out;
}

}  // namespace sessioncore::sip
