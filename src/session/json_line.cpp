#include "json_line.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace sessioncore::session::detail {
namespace {

bool in(unsigned char c, unsigned char low, unsigned char high) {
    return c >= low && c <= high;
}

// The length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629 §4: no overlong
// forms, no surrogates, nothing past U+10FFFF), or 0 when there is none.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) -> unsigned char {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
    };
    const unsigned char lead = byte(0);
    const auto tail = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k <= to; ++k)
            if (!in(byte(k), 0x80, 0xBF))
                return false;
        return true;
    };
    if (lead < 0x80)
        return 1;
    if (in(lead, 0xC2, 0xDF))
        return tail(1, 1) ? 2 : 0;
    if (in(lead, 0xE0, 0xEF)) {
        const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
        const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
        return in(byte(1), low, high) && tail(2, 2) ? 3 : 0;
    }
    if (in(lead, 0xF0, 0xF4)) {
        const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
        const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
        return in(byte(1), low, high) && tail(2, 3) ? 4 : 0;
    }
    return 0;
}

// Printable ASCII other than the two characters JSON escapes, as a table: the scan for the next
// byte to escape is the writer's inner loop.
constexpr auto plain_bytes = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x7F; ++c)
        plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
}();

// The length of the run of bytes at the start of `text` that need no escape.
std::size_t plain_prefix(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && plain_bytes[static_cast<unsigned char>(text[n])])
        ++n;
    return n;
}

void append_control(std::string& out, unsigned char c) {
    constexpr char hex[] = "0123456789abcdef";
    switch (c) {
        case '\b':
            out += "\\b";
            return;
        case '\f':
            out += "\\f";
            return;
        case '\n':
            out += "\\n";
            return;
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
    }
}

}  // namespace

void JsonLine::add(std::string_view key, std::string_view value) {
    add_key(key);
    add_string(value);
}

void JsonLine::add_plain(std::string_view key, std::string_view value) {
    add_key(key);
    out_ += '"';
    out_.append(value);
    out_ += '"';
}

void JsonLine::add(std::string_view key, std::uint64_t value) {
    add_key(key);
    char digits[20];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, end);
}

void JsonLine::add_signed(std::string_view key, std::int64_t value) {
    add_key(key);
    char digits[21];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, end);
}

void JsonLine::add_real(std::string_view key, double value) {
    add_key(key);
    if (!std::isfinite(value)) {
        out_ += "null";
        return;
    }
    char digits[40];
    const auto end =
        std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed, 3).ptr;
    out_.append(digits, end);
}

void JsonLine::add_key(std::string_view key) {
    out_.append(empty_ ? "\"" : ",\"", empty_ ? 1 : 2);
    empty_ = false;
    out_.append(key);
    out_.append("\":", 2);
}

void JsonLine::add_string(std::string_view value) {
    out_ += '"';
    std::size_t i = 0;
    while (i < value.size()) {
        // Copy the run of printable ASCII that needs no escape in one append.
        const std::size_t plain = plain_prefix(value.substr(i));
        out_.append(value.data() + i, plain);
        i += plain;
        if (i == value.size())
            break;
        const auto c = static_cast<unsigned char>(value[i]);
        if (c == '"' || c == '\\') {
            out_ += '\\';
            out_ += static_cast<char>(c);
            ++i;
        } else if (c < 0x80) {
            append_control(out_, c);
            ++i;
        } else if (const std::size_t n = utf8_length(value, i); n != 0) {
            out_.append(value.data() + i, n);
            i += n;
        } else {
            out_ += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
        }
    }
    out_ += '"';
}

}  // namespace sessioncore::session::detail
