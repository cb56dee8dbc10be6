#include "text_encoding.hpp"

#include <cstddef>
#include <cstdint>

namespace sessioncore::tools {
namespace {

/// Length of the UTF-8 sequence starting at `bytes[i]`, or 0 when it is not well-formed.
/// RFC 3629 §4: the second byte's range depends on the first (E0, ED, F0, F4 are narrowed).
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i) noexcept {
    auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(bytes[k]); };
    std::uint8_t lead = at(i);
    if (lead < 0x80)
        return 1;
    std::size_t length = 0;
    std::uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong 3-byte forms
        high = lead == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;   // no overlong 4-byte forms
        high = lead == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (bytes.size() - i < length)
        return 0;
    if (at(i + 1) < low || at(i + 1) > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (at(i + k) < 0x80 || at(i + k) > 0xBF)
            return 0;
    }
    return length;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
    for (std::size_t i = 0; i < bytes.size();) {
        std::size_t length = utf8_sequence_length(bytes, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

std::string base64_encode(std::string_view bytes) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::size_t n = bytes.size() - i < 3 ? bytes.size() - i : 3;
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            std::uint32_t byte = k < n ? static_cast<std::uint8_t>(bytes[i + k]) : 0u;
            group = (group << 8) | byte;
        }
        for (std::size_t k = 0; k < 4; ++k) {
            bool present = k <= n;  // n input bytes give n + 1 output characters
            out.push_back(present ? alphabet[(group >> (18 - 6 * k)) & 0x3F] : '=');
        }
    }
    return out;
}

}  // namespace sessioncore::tools
