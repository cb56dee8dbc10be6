#pragma once
// The two value types of RTCP sender and receiver reports (RFC 3550 §6.4.1): the sender
// information of an SR and the report block that SRs and RRs carry per source heard.
//
// sender info:                          report block:
// +-------------------------------+     +-------------------------------------------------+
// | NTP timestamp, most sig. word |     | SSRC_n (source identifier)                      |
// | NTP timestamp, least sig. word|     | fraction lost (8) | cumulative lost (24, signed) |
// | RTP timestamp                 |     | extended highest sequence number received       |
// | sender's packet count         |     | interarrival jitter                             |
// | sender's octet count          |     | last SR (LSR)                                   |
// +-------------------------------+     | delay since last SR (DLSR)                      |
//                                       +-------------------------------------------------+

#include <cstddef>
#include <cstdint>
#include <span>

#include <sessioncore/rtp/ids.hpp>
#include <sessioncore/rtp/ntp.hpp>

namespace sessioncore::rtp {

inline constexpr std::size_t sender_info_size = 20;
inline constexpr std::size_t report_block_size = 24;
inline constexpr std::size_t max_report_blocks = 31;  ///< per packet: RC is 5 bits

struct SenderInfo {
    NtpTimestamp ntp{};               ///< wall-clock time of the report
    std::uint32_t rtp_timestamp = 0;  ///< the same instant in the stream's RTP clock
    std::uint32_t packet_count = 0;   ///< data packets sent since starting (mod 2^32)
    std::uint32_t octet_count = 0;    ///< payload octets sent since starting (mod 2^32)
    friend bool operator==(const SenderInfo&, const SenderInfo&) = default;
};

struct ReportBlock {
    Ssrc source{};                   ///< the source this block is about
    std::uint8_t fraction_lost = 0;  ///< lost in the interval, in 1/256 (§6.4.1, §A.3)
    /// Expected minus received since the start, signed 24 bits: -2^23 to 2^23 - 1
    /// (duplicates can make it negative; §A.3 clamps it to this range).
    std::int32_t cumulative_lost = 0;
    std::uint32_t extended_highest_sequence = 0;  ///< cycles << 16 | highest sequence number
    std::uint32_t jitter = 0;                     ///< interarrival jitter, timestamp units (§A.8)
    std::uint32_t last_sr = 0;              ///< compact NTP of the source's last SR; 0 if none
    std::uint32_t delay_since_last_sr = 0;  ///< 1/65536 s since that SR; 0 if none
    friend bool operator==(const ReportBlock&, const ReportBlock&) = default;
};

inline constexpr std::int32_t max_cumulative_lost = 0x7FFFFF;
inline constexpr std::int32_t min_cumulative_lost = -0x800000;

/// A loss count clamped to the signed 24 bits of the cumulative-lost field (§A.3).
[[nodiscard]] constexpr std::int32_t clamp_cumulative_lost(std::int64_t lost) noexcept {
    return lost > max_cumulative_lost   ? max_cumulative_lost
           : lost < min_cumulative_lost ? min_cumulative_lost
                                        : static_cast<std::int32_t>(lost);
}

/// The report blocks of a parsed SR or RR: a view decoding each block on demand.
class ReportBlocks {
public:
    ReportBlocks() = default;
    /// Precondition: `blocks` holds a whole number of 24-octet blocks.
    explicit ReportBlocks(std::span<const std::byte> blocks) noexcept : blocks_(blocks) {}

    [[nodiscard]] std::size_t size() const noexcept { return blocks_.size() / report_block_size; }
    [[nodiscard]] bool empty() const noexcept { return blocks_.empty(); }
    /// Precondition: i < size().
    [[nodiscard]] ReportBlock operator[](std::size_t i) const noexcept;

private:
    std::span<const std::byte> blocks_{};
};

}  // namespace sessioncore::rtp
