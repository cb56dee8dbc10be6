#pragma once
// The RFC 7587 §6.1 fmtp parameters of Opus that the encoder honours. Parameters we do not
// use are skipped (RFC 7587 §6.1: a receiver ignores unknown ones); a known one with a bad
// value is an error rather than a guess.

#include <cstdint>
#include <optional>
#include <string_view>

#include <sessioncore/media/error.hpp>

namespace sessioncore::media {

struct OpusParams {
    bool use_inband_fec = false;                       ///< useinbandfec=1
    bool use_dtx = false;                              ///< usedtx=1
    bool stereo = false;                               ///< stereo=1 (we still send mono)
    std::optional<std::uint32_t> max_average_bitrate;  ///< 6000-510000 bit/s
};

/// Parses "key=value;key=value" (spaces around items allowed). Errors: bad_fmtp for a
/// malformed item, a 0/1 flag with another value, or a bitrate outside 6000-510000.
[[nodiscard]] Result<OpusParams> parse_opus_fmtp(std::string_view fmtp);

}  // namespace sessioncore::media
