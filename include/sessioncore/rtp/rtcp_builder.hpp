#pragma once
// Building the compound RTCP packet a participant sends (RFC 3550 §6.1): an SR when we sent
// data since the last report, an RR otherwise, further RRs when there are more than 31 report
// blocks (§6.4.2), then SDES with our CNAME (and any other items), then optionally a BYE. The
// order is fixed by the spec's shape, so a caller cannot get it wrong.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include <sessioncore/rtp/error.hpp>
#include <sessioncore/rtp/ids.hpp>
#include <sessioncore/rtp/rtcp_packets.hpp>
#include <sessioncore/rtp/rtcp_report.hpp>

namespace sessioncore::rtp {

/// An SDES item to send besides the CNAME (NAME, TOOL, ...); text of at most 255 octets.
/// The type is not SdesType::End (SC_ASSERT).
struct SdesTextItem {
    SdesType type = SdesType::Tool;
    std::string_view text{};
};

/// A BYE after the reports (§6.6): our SSRC, then `other_sources` (e.g. CSRCs we mixed).
struct ByeSpec {
    std::span<const Ssrc> other_sources{};  ///< at most 30: a BYE names 31 sources at most
    std::string_view reason{};              ///< "" for none; at most 255 octets
};

/// One compound RTCP packet. Spans and views are read during the call only.
struct RtcpReportSpec {
    Ssrc ssrc{};
    std::optional<SenderInfo> sender_info{};  ///< present: SR; absent: RR
    std::span<const ReportBlock> report_blocks{};
    std::string_view cname{};                     ///< required (§6.1), at most 255 octets
    std::span<const SdesTextItem> other_items{};  ///< after the CNAME, in this order
    std::optional<ByeSpec> bye{};
};

/// The octets encode_to() writes for `spec`. Errors: missing_cname (empty CNAME),
/// text_too_long (an item or the reason over 255 octets), too_many_sources.
[[nodiscard]] Result<std::size_t> encoded_size(const RtcpReportSpec& spec);

/// Writes the compound packet at the start of `out` and returns its size. Report blocks past
/// the first 31 go into further RR packets of 31 each, with the same SSRC. No padding.
/// Errors: those of encoded_size(), buffer_too_small (nothing written).
[[nodiscard]] Result<std::size_t> encode_to(const RtcpReportSpec& spec, std::span<std::byte> out);

}  // namespace sessioncore::rtp
