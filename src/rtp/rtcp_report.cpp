// Sender and receiver reports (RFC 3550 §6.4.1, §6.4.2); layouts in rtcp_report.hpp.
#include <sessioncore/rtp/rtcp_report.hpp>

#include "rtcp_parse.hpp"
#include "wire.hpp"

namespace sessioncore::rtp {

ReportBlock ReportBlocks::operator[](std::size_t i) const noexcept {
    std::span<const std::byte> b = blocks_.subspan(i * report_block_size, report_block_size);
    ReportBlock block;
    block.source = Ssrc{wire::u32(b, 0)};
    block.fraction_lost = wire::u8(b, 4);
    // The cumulative count is a signed 24-bit two's complement number.
    std::uint32_t lost = wire::u24(b, 5);
    block.cumulative_lost = (lost & 0x800000) != 0 ? static_cast<std::int32_t>(lost) - 0x1000000
                                                   : static_cast<std::int32_t>(lost);
    block.extended_highest_sequence = wire::u32(b, 8);
    block.jitter = wire::u32(b, 12);
    block.last_sr = wire::u32(b, 16);
    block.delay_since_last_sr = wire::u32(b, 20);
    return block;
}

namespace detail {

Result<SenderReport> parse_sender_report(std::uint8_t count,
                                         std::span<const std::byte> body) noexcept {
    std::size_t blocks = std::size_t{count} * report_block_size;
    if (body.size() < 4 + sender_info_size + blocks)
        return errc::rtcp_report_truncated;
    SenderReport sr;
    sr.ssrc = Ssrc{wire::u32(body, 0)};
    sr.info.ntp = NtpTimestamp{wire::u32(body, 4), wire::u32(body, 8)};
    sr.info.rtp_timestamp = wire::u32(body, 12);
    sr.info.packet_count = wire::u32(body, 16);
    sr.info.octet_count = wire::u32(body, 20);
    sr.blocks = ReportBlocks{body.subspan(24, blocks)};
    sr.profile_extension = body.subspan(24 + blocks);
    return sr;
}

Result<ReceiverReport> parse_receiver_report(std::uint8_t count,
                                             std::span<const std::byte> body) noexcept {
    std::size_t blocks = std::size_t{count} * report_block_size;
    if (body.size() < 4 + blocks)
        return errc::rtcp_report_truncated;
    ReceiverReport rr;
    rr.ssrc = Ssrc{wire::u32(body, 0)};
    rr.blocks = ReportBlocks{body.subspan(4, blocks)};
    rr.profile_extension = body.subspan(4 + blocks);
    return rr;
}

}  // namespace detail
}  // namespace sessioncore::rtp
