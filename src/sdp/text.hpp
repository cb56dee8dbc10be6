#pragma once
// Small text helpers of the sdp layer (private).

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sessioncore::sdp::detail {

/// A whole string of decimal digits as an unsigned number; nullopt on anything else.
template <class T>
std::optional<T> to_number(std::string_view s) {
    if (s.empty() || s.size() > 20)
        return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9')
            return std::nullopt;
    T out{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc{} || end != s.data() + s.size())
        return std::nullopt;
    return out;
}

/// Splits at single spaces; empty fields (double spaces, leading or trailing) make it fail.
inline std::optional<std::vector<std::string_view>> split_fields(std::string_view s) {
    std::vector<std::string_view> out;
    while (true) {
        auto sp = s.find(' ');
        std::string_view field = s.substr(0, sp);
        if (field.empty())
            return std::nullopt;
        out.push_back(field);
        if (sp == std::string_view::npos)
            return out;
        s.remove_prefix(sp + 1);
    }
}

/// ASCII lower case; other bytes unchanged. Not std::tolower: that is a call into the C
/// library per byte and depends on the locale, and SDP tokens are ASCII whatever it is.
constexpr char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// ASCII case-insensitive equality (SDP tokens and codec names, RFC 4855 §3).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

}  // namespace sessioncore::sdp::detail
