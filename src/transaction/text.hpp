#pragma once
// Small text helpers of the transaction layer (private).

#include <string>
#include <string_view>

namespace sessioncore::transaction::detail {

/// A header value on one line: each run of whitespace containing a CRLF fold (RFC 3261 §7.3.1)
/// becomes one space, so a received value can be written by sip::MessageBuilder.
inline std::string one_line(std::string_view value) {
    if (value.find('\r') == std::string_view::npos && value.find('\n') == std::string_view::npos)
        return std::string(value);  // the usual case: nothing folded
    std::string out;
    out.reserve(value.size());
    bool in_fold = false;
    for (char c : value) {
        if (c == '\r' || c == '\n') {
            in_fold = true;
            continue;
        }
        if (in_fold && (c == ' ' || c == '\t'))
            continue;
        if (in_fold)
            out.push_back(' ');
        in_fold = false;
        out.push_back(c);
    }
    return out;
}

/// ASCII lower case (host names compare case-insensitively, RFC 3261 §19.1.4). By hand, not
/// std::tolower: that is a library call per character, and every request key lowers a host.
inline std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace sessioncore::transaction::detail
