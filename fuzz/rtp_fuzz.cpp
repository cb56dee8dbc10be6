// Fuzz target: the RTP packet parser (RFC 3550 §5.1), RFC 8285 extension elements and, when the
// payload has the size of one, the RFC 4733 telephone-event payload.
//
// Properties checked (SC_FUZZ_CHECK):
//  - an error is one of the RTP packet errors;
//  - a parsed packet's parts are views into the input that add up to it exactly (fixed header,
//    CSRCs, extension, payload, padding);
//  - building the parsed fields gives the input back (padding octets other than the count are
//    zero when built, so those are compared apart) and parses to the same fields;
//  - extension elements lie inside the extension, find() returns the first of an ID, and
//    writing the elements again with ExtensionWriter reads back the same list;
//  - a telephone-event payload encodes back to itself (but the reserved bit), and feeding it to
//    a DtmfReceiver reports at most what it could.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <sessioncore/rtp/dtmf_receiver.hpp>
#include <sessioncore/rtp/header_extension.hpp>
#include <sessioncore/rtp/packet.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>
#include <sessioncore/rtp/telephone_event.hpp>

#include "fuzz_check.hpp"

namespace rtp = sessioncore::rtp;

namespace {

bool inside(std::span<const std::byte> part, std::span<const std::byte> whole) {
    if (part.empty())
        return true;
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

bool same_fields(const rtp::RtpPacket& a, const rtp::RtpPacket& b) {
    auto equal = [](std::span<const std::byte> x, std::span<const std::byte> y) {
        return std::equal(x.begin(), x.end(), y.begin(), y.end());
    };
    return a.marker == b.marker && a.payload_type == b.payload_type &&
           a.sequence_number == b.sequence_number && a.timestamp == b.timestamp &&
           a.ssrc == b.ssrc && equal(a.csrcs.bytes(), b.csrcs.bytes()) &&
           a.extension.has_value() == b.extension.has_value() &&
           (!a.extension || (a.extension->profile == b.extension->profile &&
                             equal(a.extension->data, b.extension->data))) &&
           equal(a.payload, b.payload) && a.padding_size == b.padding_size;
}

void check_rebuild(const rtp::RtpPacket& p, std::span<const std::byte> input) {
    std::array<rtp::Ssrc, rtp::max_csrcs> csrcs{};
    for (std::size_t i = 0; i < p.csrcs.size(); ++i)
        csrcs[i] = p.csrcs[i];
    rtp::RtpPacketSpec spec{.marker = p.marker,
                            .payload_type = p.payload_type,
                            .sequence_number = p.sequence_number,
                            .timestamp = p.timestamp,
                            .ssrc = p.ssrc,
                            .csrcs = std::span{csrcs}.first(p.csrcs.size()),
                            .extension = p.extension,
                            .payload = p.payload,
                            .padding_size = p.padding_size};
    std::vector<std::byte> out(input.size());
    auto size = rtp::encode_to(spec, out);
    SC_FUZZ_CHECK(size && *size == input.size());
    std::size_t unpadded = input.size() - p.padding_size;
    SC_FUZZ_CHECK(
        std::equal(out.begin(), out.begin() + static_cast<long>(unpadded), input.begin()));
    SC_FUZZ_CHECK(out.back() == input.back() || p.padding_size == 0);
    auto again = rtp::parse_rtp(out);
    SC_FUZZ_CHECK(again && same_fields(*again, p));
}

void check_extension(const rtp::HeaderExtension& ext) {
    auto elements = rtp::ExtensionElements::parse(ext);
    if (!elements) {
        SC_FUZZ_CHECK(elements.error() == rtp::errc::extension_not_rfc8285 ||
                      elements.error() == rtp::errc::extension_element_truncated ||
                      elements.error() == rtp::errc::extension_bad_padding);
        return;
    }
    std::vector<rtp::ExtensionElement> seen;
    for (const rtp::ExtensionElement& e : *elements) {
        SC_FUZZ_CHECK(inside(e.data, ext.data) && e.id != 0);
        seen.push_back(e);
    }
    for (const rtp::ExtensionElement& e : seen) {
        auto first = std::find_if(seen.begin(), seen.end(),
                                  [&](const rtp::ExtensionElement& x) { return x.id == e.id; });
        auto found = elements->find(e.id);
        SC_FUZZ_CHECK(found && found->data() == first->data.data() &&
                      found->size() == first->data.size());
    }
    // Written again (without the padding and anything after an ID 15), the list is the same.
    std::vector<std::byte> buffer(ext.data.size() + 4);
    rtp::ExtensionWriter writer{elements->form(), buffer, elements->appbits()};
    for (const rtp::ExtensionElement& e : seen)
        SC_FUZZ_CHECK(writer.add(e.id, e.data));
    auto written = writer.finish();
    SC_FUZZ_CHECK(written && written->profile == ext.profile);
    auto reread = rtp::ExtensionElements::parse(*written);
    SC_FUZZ_CHECK(reread);
    std::size_t i = 0;
    for (const rtp::ExtensionElement& e : *reread) {
        SC_FUZZ_CHECK(
            i < seen.size() && e.id == seen[i].id &&
            std::equal(e.data.begin(), e.data.end(), seen[i].data.begin(), seen[i].data.end()));
        ++i;
    }
    SC_FUZZ_CHECK(i == seen.size());
}

void check_telephone_event(const rtp::RtpPacket& p) {
    auto event = rtp::parse_telephone_event(p.payload);
    if (!event) {
        SC_FUZZ_CHECK(event.error() == rtp::errc::telephone_event_size);
        return;
    }
    std::array<std::byte, 4> out{};
    SC_FUZZ_CHECK(rtp::encode_to(*event, out) == 4u);
    // Equal but for the reserved R bit (0x40 of the second octet), which is sent as 0.
    SC_FUZZ_CHECK(out[0] == p.payload[0] && out[2] == p.payload[2] && out[3] == p.payload[3]);
    SC_FUZZ_CHECK((out[1] | std::byte{0x40}) == (p.payload[1] | std::byte{0x40}));
    // The same report three times (as end reports come) and a flush: at most one event.
    rtp::DtmfReceiver receiver;
    int reported = 0;
    for (int i = 0; i < 3; ++i) {
        receiver.on_packet(p.timestamp, *event);
        while (auto d = receiver.poll()) {
            ++reported;
            SC_FUZZ_CHECK(d->event == event->event && d->duration == event->duration);
        }
    }
    receiver.flush();
    while (receiver.poll())
        ++reported;
    SC_FUZZ_CHECK(reported == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::byte> input{reinterpret_cast<const std::byte*>(data), size};
    (void)rtp::is_muxed_rtcp(input);
    auto p = rtp::parse_rtp(input);
    if (!p) {
        SC_FUZZ_CHECK(p.error() >= rtp::errc::too_short &&
                      p.error() <= rtp::errc::padding_too_long);
        return 0;
    }
    SC_FUZZ_CHECK(inside(p->csrcs.bytes(), input) && inside(p->payload, input));
    std::size_t parts = rtp::rtp_fixed_header_size + p->csrcs.size() * 4 + p->payload.size() +
                        p->padding_size + (p->extension ? 4 + p->extension->data.size() : 0);
    SC_FUZZ_CHECK(parts == size);
    check_rebuild(*p, input);
    if (p->extension) {
        SC_FUZZ_CHECK(inside(p->extension->data, input));
        check_extension(*p->extension);
    }
    check_telephone_event(*p);
    return 0;
}
