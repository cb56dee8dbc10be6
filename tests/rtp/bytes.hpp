#pragma once
// Test helper: packets written as hex, spaces allowed ("80 00 00 01"), so that each test shows
// its octets next to the RFC diagram they follow.

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace rtp_test {

inline std::vector<std::byte> hex(std::string_view text) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        throw std::invalid_argument("not a hex digit");
    };
    std::vector<std::byte> out;
    int high = -1;
    for (char c : text) {
        if (c == ' ' || c == '\n')
            continue;
        int v = nibble(c);
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<std::byte>(high * 16 + v));
            high = -1;
        }
    }
    if (high >= 0)
        throw std::invalid_argument("odd number of hex digits");
    return out;
}

inline std::vector<std::byte> bytes_of(std::span<const std::byte> s) {
    return {s.begin(), s.end()};
}

}  // namespace rtp_test
