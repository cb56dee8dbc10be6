// Fuzz target: the RTCP compound packet parser (RFC 3550 §6.1, §6.4-§6.7, §A.2) and builder.
//
// Properties checked (SC_FUZZ_CHECK):
//  - an error is one of the RTCP errors;
//  - every view of every parsed packet lies inside the input; counts agree with what the
//    iterations yield (report blocks, SDES chunks, BYE sources);
//  - the first packet is an SR or RR (§A.2);
//  - rebuilding the first report (its SSRC, sender info and blocks) with the CNAME the
//    compound gives for that SSRC (or a stand-in) and any BYE reason, then parsing it, gives
//    back the same SSRC, sender info, blocks, CNAME and reason.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include <sessioncore/rtp/rtcp_builder.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>

#include "fuzz_check.hpp"

namespace rtp = sessioncore::rtp;

namespace {

std::span<const std::byte> input_bytes;

bool inside(std::span<const std::byte> part) {
    if (part.empty())
        return true;
    return part.data() >= input_bytes.data() &&
           part.data() + part.size() <= input_bytes.data() + input_bytes.size();
}

bool inside(std::string_view text) {
    return inside(std::as_bytes(std::span{text}));
}

std::vector<rtp::ReportBlock> blocks_of(const rtp::ReportBlocks& blocks) {
    SC_FUZZ_CHECK(blocks.size() <= rtp::max_report_blocks);
    std::vector<rtp::ReportBlock> out;
    for (std::size_t i = 0; i < blocks.size(); ++i)
        out.push_back(blocks[i]);
    return out;
}

void check_views(const rtp::RtcpPacket& packet) {
    if (const auto* sr = std::get_if<rtp::SenderReport>(&packet)) {
        (void)blocks_of(sr->blocks);
        SC_FUZZ_CHECK(inside(sr->profile_extension));
    } else if (const auto* rr = std::get_if<rtp::ReceiverReport>(&packet)) {
        (void)blocks_of(rr->blocks);
        SC_FUZZ_CHECK(inside(rr->profile_extension));
    } else if (const auto* sdes = std::get_if<rtp::SourceDescription>(&packet)) {
        std::size_t chunks = 0;
        for (const rtp::SdesChunk& chunk : sdes->chunks) {
            ++chunks;
            for (const rtp::SdesItem& item : chunk.items)
                SC_FUZZ_CHECK(item.type != rtp::SdesType::End && inside(item.text));
        }
        SC_FUZZ_CHECK(chunks == sdes->chunks.size());
    } else if (const auto* bye = std::get_if<rtp::Goodbye>(&packet)) {
        SC_FUZZ_CHECK(bye->sources.size() <= 31 && inside(bye->sources.bytes()));
        SC_FUZZ_CHECK(!bye->reason || inside(*bye->reason));
    } else if (const auto* app = std::get_if<rtp::AppPacket>(&packet)) {
        SC_FUZZ_CHECK(app->subtype < 32 && inside(app->data));
    } else {
        const auto& other = std::get<rtp::OtherRtcpPacket>(packet);
        SC_FUZZ_CHECK(other.packet_type < 200 || other.packet_type > 204);
        SC_FUZZ_CHECK(inside(other.body));
    }
}

// The CNAME and BYE reason the compound gives for `ssrc`, if any.
std::optional<std::string_view> cname_in(const rtp::RtcpCompound& c, rtp::Ssrc ssrc) {
    for (const rtp::RtcpPacket& p : c)
        if (const auto* sdes = std::get_if<rtp::SourceDescription>(&p))
            if (auto cname = sdes->cname(ssrc); cname && !cname->empty())
                return cname;
    return std::nullopt;
}

std::optional<std::string_view> reason_in(const rtp::RtcpCompound& c) {
    for (const rtp::RtcpPacket& p : c)
        if (const auto* bye = std::get_if<rtp::Goodbye>(&p); bye && bye->reason)
            return bye->reason;
    return std::nullopt;
}

void check_rebuild(const rtp::RtcpCompound& c) {
    rtp::RtcpReportSpec spec;
    std::vector<rtp::ReportBlock> blocks;
    if (const auto* sr = std::get_if<rtp::SenderReport>(&c[0])) {
        spec.ssrc = sr->ssrc;
        spec.sender_info = sr->info;
        blocks = blocks_of(sr->blocks);
    } else {
        const auto& rr = std::get<rtp::ReceiverReport>(c[0]);
        spec.ssrc = rr.ssrc;
        blocks = blocks_of(rr.blocks);
    }
    spec.report_blocks = blocks;
    spec.cname = cname_in(c, spec.ssrc).value_or("stand-in");
    std::optional<std::string_view> reason = reason_in(c);
    if (reason && !reason->empty())
        spec.bye = rtp::ByeSpec{{}, *reason};

    std::vector<std::byte> out(4096);
    auto size = rtp::encode_to(spec, out);
    SC_FUZZ_CHECK(size);
    auto again = rtp::parse_rtcp(std::span{out}.first(*size));
    SC_FUZZ_CHECK(again && again->size() == (spec.bye ? 3u : 2u));
    const rtp::RtcpPacket& first = (*again)[0];
    if (spec.sender_info) {
        const auto* sr = std::get_if<rtp::SenderReport>(&first);
        SC_FUZZ_CHECK(sr && sr->ssrc == spec.ssrc && sr->info == *spec.sender_info);
        SC_FUZZ_CHECK(blocks_of(sr->blocks) == blocks);
    } else {
        const auto* rr = std::get_if<rtp::ReceiverReport>(&first);
        SC_FUZZ_CHECK(rr && rr->ssrc == spec.ssrc && blocks_of(rr->blocks) == blocks);
    }
    const auto* sdes = std::get_if<rtp::SourceDescription>(&(*again)[1]);
    SC_FUZZ_CHECK(sdes && sdes->cname(spec.ssrc) == spec.cname);
    if (spec.bye) {
        const auto* bye = std::get_if<rtp::Goodbye>(&(*again)[2]);
        SC_FUZZ_CHECK(bye && bye->reason == spec.bye->reason);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    input_bytes = {reinterpret_cast<const std::byte*>(data), size};
    auto c = rtp::parse_rtcp(input_bytes);
    if (!c) {
        SC_FUZZ_CHECK(c.error() >= rtp::errc::rtcp_too_short &&
                      c.error() <= rtp::errc::rtcp_app_truncated);
        return 0;
    }
    SC_FUZZ_CHECK(c->size() >= 1 && c->size() <= rtp::RtcpCompound::capacity);
    SC_FUZZ_CHECK(std::holds_alternative<rtp::SenderReport>((*c)[0]) ||
                  std::holds_alternative<rtp::ReceiverReport>((*c)[0]));
    for (const rtp::RtcpPacket& p : *c)
        check_views(p);
    check_rebuild(*c);
    return 0;
}
