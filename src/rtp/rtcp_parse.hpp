#pragma once
// The report and SDES parsers behind parse_rtcp() (private to the rtp layer; BYE and APP are
// parsed in rtcp_compound.cpp). Each takes the header's 5-bit count and the packet body (after
// the 4-octet header, padding removed).

#include <cstdint>
#include <span>

#include <sessioncore/rtp/error.hpp>
#include <sessioncore/rtp/rtcp_packets.hpp>

namespace sessioncore::rtp::detail {

Result<SenderReport> parse_sender_report(std::uint8_t count,
                                         std::span<const std::byte> body) noexcept;
Result<ReceiverReport> parse_receiver_report(std::uint8_t count,
                                             std::span<const std::byte> body) noexcept;
Result<SourceDescription> parse_sdes(std::uint8_t count, std::span<const std::byte> body) noexcept;

}  // namespace sessioncore::rtp::detail
