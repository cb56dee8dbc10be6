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

// --- hosts and generic parameters (added for uri.cpp, name_addr.cpp, via.cpp) -----------------

/// Host name characters (RFC 3261 §25.1 hostname) in one table, so host scans cost one load per
/// byte: bit 1 alphanumeric, 2 '-', 4 '.', 8 letter.
enum HostClass : std::uint8_t { kHostAlnum = 1, kHostDash = 2, kHostDot = 4, kHostAlpha = 8 };
constexpr std::array<std::uint8_t, 256> make_host_table() {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (alpha)
            t[static_cast<std::size_t>(c)] = kHostAlnum | kHostAlpha;
        if (c >= '0' && c <= '9')
            t[static_cast<std::size_t>(c)] = kHostAlnum;
    }
    t['-'] = kHostDash;
    t['.'] = kHostDot;
    return t;
}
inline constexpr std::array<std::uint8_t, 256> host_table = make_host_table();
constexpr std::uint8_t host_class(char c) noexcept {
    return host_table[static_cast<unsigned char>(c)];
}

constexpr bool is_alnum(char c) noexcept {
    return (host_class(c) & kHostAlnum) != 0;
}

/// Length of the run of decimal digits starting at pos.
constexpr std::size_t digits_length(std::string_view text, std::size_t pos) noexcept {
    std::size_t end = pos;
    while (end < text.size() && is_digit(text[end]))
        ++end;
    return end - pos;
}

/// port = 1*DIGIT (RFC 3261 §25.1) of at most five digits and 65535; nullopt otherwise.
constexpr std::optional<std::uint16_t> parse_port(std::string_view digits) noexcept {
    if (digits.size() > 5)
        return std::nullopt;
    auto value = parse_decimal(digits, 65535);
    if (!value)
        return std::nullopt;
    return static_cast<std::uint16_t>(*value);
}

/// First position in [pos, text.size()) that is neither in class `cls` nor the start of a valid
/// "%" HEXDIG HEXDIG escape (RFC 3261 §25.1 escaped); text.size() when there is none.
constexpr std::size_t scan_escaped(std::string_view text, std::size_t pos,
                                   std::uint8_t cls) noexcept {
    while (pos < text.size()) {
        if (text[pos] == '%') {
            if (text.size() - pos < 3 || !is_hex(text[pos + 1]) || !is_hex(text[pos + 2]))
                return pos;
            pos += 3;
        } else if (has(text[pos], cls)) {
            ++pos;
        } else {
            return pos;
        }
    }
    return pos;
}

/// IPv4address: four dot-separated 1*3DIGIT values of at most 255 (RFC 3261 §25.1).
constexpr bool is_ipv4(std::string_view text) noexcept {
    // One pass: each part 1 to 3 digits, at most 255, parts separated by single dots.
    std::size_t parts = 0, digits = 0;
    unsigned value = 0;
    for (char c : text) {
        if (is_digit(c)) {
            value = value * 10 + static_cast<unsigned>(c - '0');
            if (++digits > 3 || value > 255)
                return false;
        } else if (c == '.' && digits != 0 && parts < 3) {
            ++parts;
            digits = 0;
            value = 0;
        } else {
            return false;
        }
    }
    return parts == 3 && digits != 0;
}

/// h16 of RFC 4291 §2.2: one to four hex digits.
constexpr bool is_hex4(std::string_view piece) noexcept {
    if (piece.empty() || piece.size() > 4)
        return false;
    for (char c : piece) {
        if (!is_hex(c))
            return false;
    }
    return true;
}

/// IPv6 address without brackets (RFC 4291 §2.2: eight 16-bit pieces, one "::" for a run of
/// zeros, an IPv4 tail for two pieces). Also accepts "::" ":" IPv4address, which the RFC 3261
/// ABNF admits and RFC 5118 §4.10 asks us to tolerate ("2001:db8:::192.0.2.1").
constexpr bool is_ipv6(std::string_view text) noexcept {
    std::size_t pieces = 0;
    bool compressed = false;
    std::size_t i = text.starts_with("::") ? 1 : 0;  // a leading "::" is read as a separator
    bool at_separator = i == 1;
    for (;;) {
        if (at_separator && i < text.size() && text[i] == ':') {
            if (compressed)
                return false;
            compressed = true;
            ++i;
            if (i == text.size())
                return pieces <= 7;
            if (text[i] == ':')
                return pieces <= 5 && is_ipv4(text.substr(i + 1));
        }
        std::size_t end = text.find(':', i);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view piece = text.substr(i, end - i);
        bool last = end == text.size();
        if (last && piece.find('.') != std::string_view::npos) {
            pieces += 2;
            return is_ipv4(piece) && (compressed ? pieces <= 7 : pieces == 8);
        }
        if (!is_hex4(piece))
            return false;
        ++pieces;
        if (last)
            return compressed ? pieces <= 7 : pieces == 8;
        i = end + 1;
        at_separator = true;
    }
}

/// hostname = *( domainlabel "." ) toplabel [ "." ] (RFC 3261 §25.1): labels of alphanumerics and
/// inner '-', the last one starting with a letter.
constexpr bool is_hostname(std::string_view host) noexcept {
    if (!host.empty() && host.back() == '.')
        host.remove_suffix(1);
    if (host.empty())
        return false;
    std::size_t label = 0;  // start of the current label
    for (std::size_t i = 0; i < host.size(); ++i) {
        std::uint8_t cls = host_class(host[i]);
        if (cls & kHostAlnum)
            continue;
        if (cls == kHostDash && i != label)
            continue;
        if (cls != kHostDot || i == label || host[i - 1] == '-')
            return false;
        label = i + 1;
    }
    if (label == host.size() || host.back() == '-')
        return false;
    return (host_class(host[label]) & kHostAlpha) != 0;
}

/// Length of the host written at pos: an IPv6reference with its brackets, or a run of hostname
/// and IPv4 characters. 0 when there is none. The content is not validated (see host_kind).
constexpr std::size_t host_length(std::string_view text, std::size_t pos) noexcept {
    if (pos < text.size() && text[pos] == '[') {
        std::size_t close = text.find(']', pos);
        return close == std::string_view::npos ? 0 : close + 1 - pos;
    }
    std::size_t end = pos;
    while (end < text.size() && host_class(text[end]) != 0)
        ++end;
    return end - pos;
}

/// Classifies a host as written (host = hostname / IPv4address / IPv6reference, RFC 3261 §25.1).
/// `Kind` is sip::HostKind, a parameter so that this private header needs no public one.
template <class Kind>
constexpr Kind host_kind(std::string_view host) noexcept {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        return is_ipv6(host.substr(1, host.size() - 2)) ? Kind::Ipv6 : Kind::None;
    }
    if (is_ipv4(host))
        return Kind::Ipv4;
    return is_hostname(host) ? Kind::Name : Kind::None;
}

/// The host without the brackets of an IPv6reference.
constexpr std::string_view strip_brackets(std::string_view host) noexcept {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        return host.substr(1, host.size() - 2);
    }
    return host;
}

/// A host found by scan_host: its text as written (brackets included) and its kind.
template <class Kind>
struct HostScan {
    std::string_view text;
    Kind kind;
};

/// Reads the host at pos (RFC 3261 §25.1 host = hostname / IPv4address / IPv6reference) in one
/// pass over its bytes, classifying it as it goes; kind None when it is malformed.
template <class Kind>
constexpr HostScan<Kind> scan_host(std::string_view text, std::size_t pos) noexcept {
    if (pos < text.size() && text[pos] == '[') {
        std::size_t n = host_length(text, pos);
        std::string_view host = text.substr(pos, n);
        bool ok = n >= 2 && is_ipv6(host.substr(1, n - 2));
        return {host, ok ? Kind::Ipv6 : Kind::None};
    }
    std::size_t i = pos, label = pos, previous_label = pos;
    bool well_formed = true, digits_and_dots = true;
    for (; i < text.size(); ++i) {
        std::uint8_t cls = host_class(text[i]);
        if (cls == 0)
            break;
        if (cls & kHostAlpha) {
            digits_and_dots = false;
        } else if (cls == kHostDash) {
            digits_and_dots = false;
            well_formed = well_formed && i != label;
        } else if (cls == kHostDot) {
            well_formed = well_formed && i != label && text[i - 1] != '-';
            previous_label = label;
            label = i + 1;
        }
    }
    std::string_view host = text.substr(pos, i - pos);
    if (host.empty() || !well_formed)
        return {host, Kind::None};
    if (digits_and_dots)
        return {host, is_ipv4(host) ? Kind::Ipv4 : Kind::None};
    // hostname = *( domainlabel "." ) toplabel [ "." ]: the top label starts with a letter and
    // does not end with '-'; a trailing dot leaves it one label back.
    std::size_t top = label == i ? previous_label : label;
    if (label != i && text[i - 1] == '-')
        return {host, Kind::None};
    return {host, (host_class(text[top]) & kHostAlpha) ? Kind::Name : Kind::None};
}

/// Length of a gen-value at pos (RFC 3261 §25.1: token / host / quoted-string); 0 when there is
/// none. A value with ':' must be an IPv6 address: RFC 5118 §4.5 lets Via received carry one
/// without brackets.
constexpr std::size_t gen_value_length(std::string_view text, std::size_t pos) noexcept {
    if (pos >= text.size())
        return 0;
    if (text[pos] == '"')
        return quoted_string_length(text, pos).value_or(0);
    if (text[pos] == '[') {
        std::size_t n = host_length(text, pos);
        return n != 0 && is_ipv6(text.substr(pos + 1, n - 2)) ? n : 0;
    }
    std::size_t end = pos + token_length(text, pos);
    if (end == text.size() || text[end] != ':')
        return end - pos;  // a token (the usual case: tags, branches)
    while (end < text.size() && (is_token_char(text[end]) || text[end] == ':'))
        ++end;
    return is_ipv6(text.substr(pos, end - pos)) ? end - pos : 0;
}

/// Where scan_generic_params stopped: the parameters are text[begin, end) (begin at the first
/// ';', end after the last parameter); `bad` is the offset of the first bad byte, or npos.
struct ParamsScan {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t bad = std::string_view::npos;
};

/// Scans `*( SEMI generic-param )` from pos to the end of text (RFC 3261 §25.1, SEMI and EQUAL
/// allow LWS on both sides); trailing LWS is allowed, anything else is bad. For each parameter
/// calls on_param(name, value, has_value), which returns false to reject it (bad = its value, or
/// its name for a flag).
template <class OnParam>
constexpr ParamsScan scan_generic_params(std::string_view text, std::size_t pos,
                                         OnParam&& on_param) {
    ParamsScan scan{pos, pos};
    for (;;) {
        std::size_t semi = skip_lws(text, scan.end);
        if (semi == text.size())
            return scan;
        std::size_t name = skip_lws(text, semi + 1);
        std::size_t name_length = token_length(text, name);
        if (text[semi] != ';' || name_length == 0) {
            scan.bad = text[semi] != ';' ? semi : name;
            return scan;
        }
        if (scan.end == pos)
            scan.begin = semi;  // the first parameter
        std::size_t value = name;
        std::size_t value_length = 0;
        std::size_t equal = skip_lws(text, name + name_length);
        bool has_value = equal < text.size() && text[equal] == '=';
        if (has_value) {
            value = skip_lws(text, equal + 1);
            value_length = gen_value_length(text, value);
        }
        if ((has_value && value_length == 0) ||
            !on_param(text.substr(name, name_length), text.substr(value, value_length),
                      has_value)) {
            scan.bad = value;
            return scan;
        }
        scan.end = has_value ? value + value_length : name + name_length;
    }
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
