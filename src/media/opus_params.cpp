#include <charconv>

#include <sessioncore/media/opus_params.hpp>

namespace sessioncore::media {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::optional<std::uint32_t> number(std::string_view s) {
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || s.empty())
        return std::nullopt;
    return value;
}

// A flag of RFC 7587 §6.1 is exactly "0" or "1".
Result<bool> flag(std::string_view value) {
    if (value == "0" || value == "1")
        return value == "1";
    return errc::bad_fmtp;
}

Result<void> apply(std::string_view key, std::string_view value, OpusParams& out) {
    if (key == "useinbandfec" || key == "usedtx" || key == "stereo") {
        auto f = flag(value);
        if (!f)
            return f.error();
        (key == "useinbandfec" ? out.use_inband_fec
         : key == "usedtx"     ? out.use_dtx
                               : out.stereo) = *f;
        return {};
    }
    if (key == "maxaveragebitrate") {
        // RFC 7587 §6.1: 6000 to 510000 bit/s.
        auto rate = number(value);
        if (!rate || *rate < 6000 || *rate > 510000)
            return errc::bad_fmtp;
        out.max_average_bitrate = *rate;
    }
    return {};  // a parameter the encoder does not use
}

}  // namespace

Result<OpusParams> parse_opus_fmtp(std::string_view fmtp) {
    OpusParams params;
    while (!fmtp.empty()) {
        auto semicolon = fmtp.find(';');
        auto item = trim(fmtp.substr(0, semicolon));
        fmtp =
            semicolon == std::string_view::npos ? std::string_view{} : fmtp.substr(semicolon + 1);
        if (item.empty())
            continue;  // "a=1;" or "a=1; ;b=0"
        auto equals = item.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return errc::bad_fmtp;
        auto applied = apply(trim(item.substr(0, equals)), trim(item.substr(equals + 1)), params);
        if (!applied)
            return applied.error();
    }
    return params;
}

}  // namespace sessioncore::media
