#include <array>
#include <cstdint>
#include <functional>
#include <optional>

#include <sessioncore/sip/auth.hpp>

#include "lex.hpp"

// credentials / challenge = auth-scheme LWS auth-param *(COMMA auth-param)
// auth-param = auth-param-name EQUAL ( token / quoted-string )   (RFC 3261 §25.1)
// EQUAL and COMMA allow LWS on both sides. Authentication-Info has no scheme (§20.6).

namespace sessioncore::sip {
namespace {

Error bad_value(HeaderId which, std::size_t at) noexcept {
    return Error{errc::bad_header_value, which, at};
}

/// One auth-param at pos; fills `out` (value without quotes) and returns where it ends.
Result<std::size_t> read_auth_param(std::string_view text, std::size_t pos, HeaderId which,
                                    AuthParam& out) noexcept {
    std::size_t name_length = lex::token_length(text, pos);
    if (name_length == 0)
        return bad_value(which, pos);
    std::size_t eq = lex::skip_lws(text, pos + name_length);
    if (eq >= text.size() || text[eq] != '=')
        return bad_value(which, eq);
    std::size_t value = lex::skip_lws(text, eq + 1);
    out.name = text.substr(pos, name_length);
    if (value < text.size() && text[value] == '"') {
        auto quoted_length = lex::quoted_string_length(text, value);
        if (!quoted_length)
            return bad_value(which, value);
        out.value = text.substr(value + 1, *quoted_length - 2);
        out.quoted = true;
        return value + *quoted_length;
    }
    std::size_t token_length = lex::token_length(text, value);
    if (token_length == 0)
        return bad_value(which, value);
    out.value = text.substr(value, token_length);
    out.quoted = false;
    return value + token_length;
}

/// Position after a COMMA (LWS "," LWS) at pos; nullopt when no comma follows.
std::optional<std::size_t> after_comma(std::string_view text, std::size_t pos) noexcept {
    pos = lex::skip_lws(text, pos);
    if (pos >= text.size() || text[pos] != ',')
        return std::nullopt;
    return lex::skip_lws(text, pos + 1);
}

/// Checks auth-param *(COMMA auth-param) from pos; returns where the last param ends.
Result<std::size_t> check_params(std::string_view text, std::size_t pos, HeaderId which) noexcept {
    AuthParam param;
    for (;;) {
        auto end = read_auth_param(text, pos, which, param);
        if (!end)
            return end.error();
        auto next = after_comma(text, *end);
        if (!next)
            return *end;
        pos = *next;
    }
}

/// The scheme token at pos and the mandatory LWS after it; advances pos to the first param.
Result<std::string_view> read_scheme(std::string_view text, std::size_t& pos,
                                     HeaderId which) noexcept {
    std::size_t length = lex::token_length(text, pos);
    if (length == 0)
        return bad_value(which, pos);
    std::string_view scheme = text.substr(pos, length);
    std::size_t next = lex::skip_lws(text, pos + length);
    if (next < text.size() && next == pos + length)
        return bad_value(which, next);
    pos = next;
    return scheme;
}

// The Digest params we keep (RFC 7616 §3.3-3.5, RFC 3261 §20.6); stale is the bool.
struct DigestField {
    std::string_view name;
    std::string_view Digest::*member;  // nullptr for stale
};
constexpr std::array<DigestField, 15> digest_fields = {{
    {"realm", &Digest::realm},
    {"nonce", &Digest::nonce},
    {"opaque", &Digest::opaque},
    {"algorithm", &Digest::algorithm},
    {"qop", &Digest::qop},
    {"domain", &Digest::domain},
    {"username", &Digest::username},
    {"uri", &Digest::uri},
    {"response", &Digest::response},
    {"cnonce", &Digest::cnonce},
    {"nc", &Digest::nc},
    {"userhash", &Digest::userhash},
    {"nextnonce", &Digest::nextnonce},
    {"rspauth", &Digest::rspauth},
    {"stale", nullptr},
}};

std::optional<std::size_t> digest_field_index(std::string_view name) noexcept {
    for (std::size_t i = 0; i < digest_fields.size(); ++i) {
        if (lex::iequals(name, digest_fields[i].name))
            return i;
    }
    return std::nullopt;
}

}  // namespace

AuthValue::iterator::iterator(std::string_view raw) noexcept : rest_(raw), at_end_(false) {
    ++*this;
}

AuthValue::iterator& AuthValue::iterator::operator++() noexcept {
    // rest_ starts at the next param. An AuthValue not made by parse_auth_value may hold
    // anything: iteration then stops at the first malformed param.
    Result<std::size_t> end = Error{};
    if (!rest_.empty())
        end = read_auth_param(rest_, 0, HeaderId::None, current_);
    if (!end) {
        at_end_ = true;
        rest_ = {};
        return *this;
    }
    rest_ = rest_.substr(after_comma(rest_, *end).value_or(rest_.size()));
    return *this;
}

AuthValue::iterator AuthValue::begin() const noexcept {
    return iterator(params_raw);
}
AuthValue::iterator AuthValue::end() const noexcept {
    return iterator();
}

std::optional<std::string_view> AuthValue::find(std::string_view name) const noexcept {
    for (const AuthParam& p : *this) {
        if (lex::iequals(p.name, name))
            return p.value;
    }
    return std::nullopt;
}

Result<AuthValue> parse_auth_value(std::string_view text, HeaderId which) noexcept {
    std::size_t pos = lex::skip_lws(text, 0);
    AuthValue value;
    if (which != HeaderId::AuthenticationInfo) {
        auto scheme = read_scheme(text, pos, which);
        if (!scheme)
            return scheme.error();
        value.scheme = *scheme;
        if (pos == text.size())
            return value;  // a scheme without params
    }
    auto end = check_params(text, pos, which);
    if (!end)
        return end.error();
    if (std::size_t tail = lex::skip_lws(text, *end); tail != text.size()) {
        return bad_value(which, tail);
    }
    value.params_raw = text.substr(pos, *end - pos);
    return value;
}

Result<Digest> parse_digest(const AuthValue& value, HeaderId which) noexcept {
    // Error offsets: 0 for a wrong scheme, else the duplicate's offset in value.params_raw.
    bool no_scheme = which == HeaderId::AuthenticationInfo && value.scheme.empty();
    if (!no_scheme && !lex::iequals(value.scheme, "Digest"))
        return bad_value(which, 0);
    Digest digest;
    std::uint32_t seen = 0;
    for (const AuthParam& p : value) {
        auto index = digest_field_index(p.name);
        if (!index)
            continue;
        std::uint32_t bit = std::uint32_t{1} << *index;
        if ((seen & bit) != 0)
            return bad_value(which, lex::offset_in(value.params_raw, p.name));
        seen |= bit;
        if (auto member = digest_fields[*index].member) {
            digest.*member = p.value;
        } else {
            digest.stale = lex::iequals(p.value, "true");
        }
    }
    return digest;
}

}  // namespace sessioncore::sip
