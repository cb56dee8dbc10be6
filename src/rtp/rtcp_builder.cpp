// Compound RTCP packets as a participant sends them (RFC 3550 §6.1, §6.4-§6.6).
#include <algorithm>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/rtp/rtcp_builder.hpp>

#include "wire.hpp"

namespace sessioncore::rtp {
namespace {

constexpr std::size_t header_size = 4;
constexpr std::size_t max_text = 255;

constexpr std::size_t round_up_to_word(std::size_t n) noexcept {
    return (n + 3) / 4 * 4;
}

std::size_t first_report_size(const RtcpReportSpec& spec) noexcept {
    std::size_t blocks = std::min(spec.report_blocks.size(), max_report_blocks);
    return header_size + 4 + (spec.sender_info ? sender_info_size : 0) + blocks * report_block_size;
}

// The further RRs of §6.4.2, 31 blocks each.
std::size_t extra_reports_size(const RtcpReportSpec& spec) noexcept {
    if (spec.report_blocks.size() <= max_report_blocks)
        return 0;
    std::size_t blocks = spec.report_blocks.size() - max_report_blocks;
    std::size_t packets = (blocks + max_report_blocks - 1) / max_report_blocks;
    return packets * (header_size + 4) + blocks * report_block_size;
}

std::size_t sdes_size(const RtcpReportSpec& spec) noexcept {
    std::size_t items = 2 + spec.cname.size();
    for (const SdesTextItem& item : spec.other_items)
        items += 2 + item.text.size();
    return header_size + round_up_to_word(4 + items + 1);  // + the null octet ending the list
}

std::size_t bye_size(const ByeSpec& bye) noexcept {
    std::size_t reason = bye.reason.empty() ? 0 : round_up_to_word(1 + bye.reason.size());
    return header_size + 4 * (1 + bye.other_sources.size()) + reason;
}

void put_header(std::span<std::byte> out, std::size_t at, std::size_t count, RtcpPacketType type,
                std::size_t size) noexcept {
    wire::put_u8(out, at, static_cast<std::uint8_t>(0x80 | count));
    wire::put_u8(out, at + 1, static_cast<std::uint8_t>(type));
    wire::put_u16(out, at + 2, static_cast<std::uint16_t>(size / 4 - 1));
}

std::size_t put_block(std::span<std::byte> out, std::size_t at, const ReportBlock& b) noexcept {
    std::int32_t lost = clamp_cumulative_lost(b.cumulative_lost);
    wire::put_u32(out, at, b.source.value);
    wire::put_u8(out, at + 4, b.fraction_lost);
    wire::put_u24(out, at + 5, static_cast<std::uint32_t>(lost) & 0xFFFFFF);
    wire::put_u32(out, at + 8, b.extended_highest_sequence);
    wire::put_u32(out, at + 12, b.jitter);
    wire::put_u32(out, at + 16, b.last_sr);
    wire::put_u32(out, at + 20, b.delay_since_last_sr);
    return at + report_block_size;
}

// One SR/RR (or further RR) with `blocks`, from `at`; returns the offset past it.
std::size_t put_report(std::span<std::byte> out, std::size_t at, const RtcpReportSpec& spec,
                       const SenderInfo* info, std::span<const ReportBlock> blocks) noexcept {
    std::size_t size =
        header_size + 4 + (info ? sender_info_size : 0) + blocks.size() * report_block_size;
    put_header(out, at, blocks.size(),
               info ? RtcpPacketType::SenderReport : RtcpPacketType::ReceiverReport, size);
    wire::put_u32(out, at + 4, spec.ssrc.value);
    std::size_t next = at + 8;
    if (info) {
        wire::put_u32(out, next, info->ntp.seconds);
        wire::put_u32(out, next + 4, info->ntp.fraction);
        wire::put_u32(out, next + 8, info->rtp_timestamp);
        wire::put_u32(out, next + 12, info->packet_count);
        wire::put_u32(out, next + 16, info->octet_count);
        next += sender_info_size;
    }
    for (const ReportBlock& b : blocks)
        next = put_block(out, next, b);
    return next;
}

std::size_t put_text(std::span<std::byte> out, std::size_t at, std::string_view text) noexcept {
    wire::put_u8(out, at, static_cast<std::uint8_t>(text.size()));
    return wire::put_bytes(out, at + 1, std::as_bytes(std::span{text.data(), text.size()}));
}

std::size_t put_sdes(std::span<std::byte> out, std::size_t at, const RtcpReportSpec& spec) {
    std::size_t size = sdes_size(spec);
    put_header(out, at, 1, RtcpPacketType::SourceDescription, size);
    wire::put_u32(out, at + 4, spec.ssrc.value);
    std::size_t next = at + 8;
    wire::put_u8(out, next, static_cast<std::uint8_t>(SdesType::Cname));
    next = put_text(out, next + 1, spec.cname);
    for (const SdesTextItem& item : spec.other_items) {
        SC_ASSERT(item.type != SdesType::End, "SDES item type 0 ends the list");
        wire::put_u8(out, next, static_cast<std::uint8_t>(item.type));
        next = put_text(out, next + 1, item.text);
    }
    return wire::put_zeros(out, next, at + size - next);  // the null octet and the padding
}

std::size_t put_bye(std::span<std::byte> out, std::size_t at, Ssrc ssrc, const ByeSpec& bye) {
    std::size_t size = bye_size(bye);
    put_header(out, at, 1 + bye.other_sources.size(), RtcpPacketType::Goodbye, size);
    wire::put_u32(out, at + 4, ssrc.value);
    std::size_t next = at + 8;
    for (Ssrc other : bye.other_sources) {
        wire::put_u32(out, next, other.value);
        next += 4;
    }
    if (!bye.reason.empty())
        next = put_text(out, next, bye.reason);
    return wire::put_zeros(out, next, at + size - next);
}

}  // namespace

Result<std::size_t> encoded_size(const RtcpReportSpec& spec) {
    if (spec.cname.empty())
        return errc::missing_cname;
    if (spec.cname.size() > max_text)
        return errc::text_too_long;
    for (const SdesTextItem& item : spec.other_items)
        if (item.text.size() > max_text)
            return errc::text_too_long;
    std::size_t size = first_report_size(spec) + extra_reports_size(spec) + sdes_size(spec);
    if (spec.bye) {
        if (spec.bye->other_sources.size() + 1 > max_report_blocks)
            return errc::too_many_sources;
        if (spec.bye->reason.size() > max_text)
            return errc::text_too_long;
        size += bye_size(*spec.bye);
    }
    return size;
}

Result<std::size_t> encode_to(const RtcpReportSpec& spec, std::span<std::byte> out) {
    auto size = encoded_size(spec);
    if (!size)
        return size.error();
    if (out.size() < *size)
        return errc::buffer_too_small;
    std::span<const ReportBlock> blocks = spec.report_blocks;
    std::span<const ReportBlock> first = blocks.first(std::min(blocks.size(), max_report_blocks));
    const SenderInfo* info = spec.sender_info ? &*spec.sender_info : nullptr;
    std::size_t at = put_report(out, 0, spec, info, first);
    for (blocks = blocks.subspan(first.size()); !blocks.empty();) {
        std::span<const ReportBlock> next =
            blocks.first(std::min(blocks.size(), max_report_blocks));
        at = put_report(out, at, spec, nullptr, next);
        blocks = blocks.subspan(next.size());
    }
    at = put_sdes(out, at, spec);
    if (spec.bye)
        at = put_bye(out, at, spec.ssrc, *spec.bye);
    return at;
}

}  // namespace sessioncore::rtp
