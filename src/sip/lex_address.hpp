#pragma once
// Scanners for the address parts of SIP values (RFC 3261 §25.1): hosts (hostname, IPv4, IPv6
// references, RFC 5118), ports, %-escaped runs and generic parameters. Private to src/sip; the
// character classes they use are in lex.hpp.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "lex.hpp"

namespace sessioncore::sip::lex {

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

}  // namespace sessioncore::sip::lex
