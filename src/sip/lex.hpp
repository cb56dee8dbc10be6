#pragma once
// Character classes and small scanners shared by the sip parsers (RFC 3261 §25.1 grammar).
// Private to src/sip. All functions work on string_views and never read outside them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace sessioncore::sip::lex {

enum CharClass : std::uint8_t {
    kToken = 1 << 0,  // token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
    kUnreserved = 1 << 1,     // alphanum / mark
    kUserExtra = 1 << 2,      // user-unreserved: & = + $ , ; ? /
    kParamExtra = 1 << 3,     // param-unreserved: [ ] / : & + $
    kHeaderExtra = 1 << 4,    // hnv-unreserved: [ ] / ? : + $
    kWord = 1 << 5,           // word (Call-ID): token chars plus ( ) < > : \ " / [ ] ? { }
    kPasswordExtra = 1 << 6,  // & = + $ ,
    kSchemeChar = 1 << 7,     // ALPHA / DIGIT / + - .
};

constexpr std::array<std::uint8_t, 256> make_char_table() {
    std::array<std::uint8_t, 256> t{};
    auto add = [&t](std::string_view chars, std::uint8_t cls) {
        for (char c : chars)
            t[static_cast<unsigned char>(c)] |= cls;
    };
    for (int c = 0; c < 256; ++c) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum)
            t[static_cast<std::size_t>(c)] |= kToken | kUnreserved | kWord | kSchemeChar;
    }
    add("-.!%*_+`'~", kToken | kWord);
    add("-_.!~*'()", kUnreserved);
    add("&=+$,;?/", kUserExtra);
    add("[]/:&+$", kParamExtra);
    add("[]/?:+$", kHeaderExtra);
    add("()<>:\\\"/[]?{}", kWord);
    add("&=+$,", kPasswordExtra);
    add("+-.", kSchemeChar);
    return t;
}

inline constexpr std::array<std::uint8_t, 256> char_table = make_char_table();

constexpr bool has(char c, std::uint8_t cls) noexcept {
    return (char_table[static_cast<unsigned char>(c)] & cls) != 0;
}
constexpr std::array<bool, 256> make_token_table() {
    std::array<bool, 256> t{};
    for (std::size_t c = 0; c < 256; ++c)
        t[c] = (char_table[c] & kToken) != 0;
    return t;
}
/// A bool per byte: the token test is one load, no mask (it runs over most header bytes).
inline constexpr std::array<bool, 256> token_table = make_token_table();
constexpr bool is_token_char(char c) noexcept {
    return token_table[static_cast<unsigned char>(c)];
}
constexpr bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
constexpr bool is_alpha(char c) noexcept {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}
constexpr bool is_hex(char c) noexcept {
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}
constexpr int hex_value(char c) noexcept {
    return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}
constexpr bool is_wsp(char c) noexcept {
    return c == ' ' || c == '\t';
}
constexpr std::array<char, 256> make_lower_table() {
    std::array<char, 256> t{};
    for (int c = 0; c < 256; ++c) {
        t[static_cast<std::size_t>(c)] = static_cast<char>((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
    }
    return t;
}
inline constexpr std::array<char, 256> lower_table = make_lower_table();
constexpr char to_lower(char c) noexcept {
    return lower_table[static_cast<unsigned char>(c)];
}

/// Case-insensitive ASCII equality.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i]))
            return false;
    }
    return true;
}

/// True when text[pos] starts linear white space: SP/HT, or CRLF (or LF) followed by SP/HT
/// (a folded line, RFC 3261 §7.3.1).
constexpr std::size_t lws_length_at(std::string_view text, std::size_t pos) noexcept {
    // Fast exit: most calls land on a character that cannot start LWS.
    if (pos >= text.size())
        return 0;
    char first = text[pos];
    if (first != ' ' && first != '\t' && first != '\r' && first != '\n')
        return 0;
    std::size_t i = pos;
    while (i < text.size() && is_wsp(text[i]))
        ++i;
    std::size_t j = i;
    if (j < text.size() && text[j] == '\r')
        ++j;
    if (j < text.size() && text[j] == '\n' && j + 1 < text.size() && is_wsp(text[j + 1])) {
        j += 1;
        while (j < text.size() && is_wsp(text[j]))
            ++j;
        return j - pos;
    }
    return i - pos;
}

/// Advances pos over any LWS; returns the new position.
constexpr std::size_t skip_lws(std::string_view text, std::size_t pos) noexcept {
    for (;;) {
        std::size_t n = lws_length_at(text, pos);
        if (n == 0)
            return pos;
        pos += n;
    }
}

/// Removes LWS (SP, HT, CR, LF) from both ends.
constexpr std::string_view trim(std::string_view text) noexcept {
    // The first compare rejects every byte above SP, so ordinary text costs one test per end.
    auto ws = [](char c) {
        return static_cast<unsigned char>(c) <= ' ' &&
               (c == ' ' || c == '\t' || c == '\r' || c == '\n');
    };
    std::size_t b = 0, e = text.size();
    while (b < e && ws(text[b]))
        ++b;
    while (e > b && ws(text[e - 1]))
        --e;
    return text.substr(b, e - b);
}

/// Length of the token starting at pos (0 if none).
constexpr std::size_t token_length(std::string_view text, std::size_t pos) noexcept {
    // Four bytes per bounds check: this loop runs over every header name and most values.
    std::size_t i = pos;
    while (i + 4 <= text.size() && is_token_char(text[i]) && is_token_char(text[i + 1]) &&
           is_token_char(text[i + 2]) && is_token_char(text[i + 3]))
        i += 4;
    while (i < text.size() && is_token_char(text[i]))
        ++i;
    return i - pos;
}

/// Length of the quoted-string starting at pos (text[pos] must be '"'), including both quotes;
/// nullopt when it is not terminated. Quoted-pairs (\x, x not CR/LF) are skipped.
constexpr std::optional<std::size_t> quoted_string_length(std::string_view text,
                                                          std::size_t pos) noexcept {
    if (pos >= text.size() || text[pos] != '"')
        return std::nullopt;
    for (std::size_t i = pos + 1; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\') {
            if (i + 1 >= text.size() || text[i + 1] == '\r' || text[i + 1] == '\n') {
                return std::nullopt;
            }
            ++i;
        } else if (c == '"') {
            return i + 1 - pos;
        }
    }
    return std::nullopt;
}

/// Parses an unsigned decimal of 1+ digits that fits in `max`; nullopt on overflow or no digit.
constexpr std::optional<std::uint64_t> parse_decimal(std::string_view digits,
                                                     std::uint64_t max) noexcept {
    if (digits.empty())
        return std::nullopt;
    std::uint64_t v = 0;
    for (char c : digits) {
        if (!is_digit(c))
            return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
        if (v > max)
            return std::nullopt;
    }
    return v;
}

/// The bytes find_top_level must look at: the separator candidates and what opens or closes a
/// quoted string or an angle-bracketed URI.
constexpr std::array<bool, 256> make_list_specials() {
    std::array<bool, 256> t{};
    for (char c : std::string_view(",;\"<>"))
        t[static_cast<unsigned char>(c)] = true;
    return t;
}
inline constexpr std::array<bool, 256> list_specials = make_list_specials();

/// Finds `c` (',' or ';') at top level in a header value: outside quoted strings and outside
/// <...>. Returns npos when absent. Ordinary bytes are skipped with one table look-up each.
constexpr std::size_t find_top_level(std::string_view text, char c, std::size_t from = 0) noexcept {
    bool in_angle = false;
    for (std::size_t i = from; i < text.size(); ++i) {
        char ch = text[i];
        if (!list_specials[static_cast<unsigned char>(ch)])
            continue;
        if (ch == '"' && !in_angle) {
            auto q = quoted_string_length(text, i);
            if (!q)
                return std::string_view::npos;
            i += *q - 1;
        } else if (ch == '<') {
            in_angle = true;
        } else if (ch == '>') {
            in_angle = false;
        } else if (ch == c && !in_angle) {
            return i;
        }
    }
    return std::string_view::npos;
}

/// Offset of `part` inside `whole`; 0 when it lies outside (e.g. a value the application set).
inline std::size_t offset_in(std::string_view whole, std::string_view part) noexcept {
    std::less_equal<const char*> le;  // total order, unlike <= on unrelated pointers
    const char* end = whole.data() + whole.size();
    if (part.data() == nullptr || !le(whole.data(), part.data()) || !le(part.data(), end)) {
        return 0;
    }
    return static_cast<std::size_t>(part.data() - whole.data());
}

}  // namespace sessioncore::sip::lex
