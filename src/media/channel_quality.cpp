// Jitter, loss, delay and the E-model for one stream (channel_quality.hpp).
#include <algorithm>

#include <sessioncore/media/channel_quality.hpp>

namespace sessioncore::media {

namespace {

using Ms = std::chrono::duration<double, std::milli>;

double loss_percent(const RtpStreamStats& rtp) noexcept {
    const double lost = static_cast<double>(std::max<std::int64_t>(rtp.cumulative_lost, 0));
    const double expected = static_cast<double>(rtp.packets_received) + lost;
    if (expected <= 0.0)
        return 0.0;
    return std::clamp(100.0 * lost / expected, 0.0, 100.0);
}

}  // namespace

CodecImpairment impairment_for(CodecKind kind) noexcept {
    switch (kind) {
        case CodecKind::Pcmu:
        case CodecKind::Pcma:
            return codec_impairment::g711_with_plc;
        case CodecKind::G722:
            return codec_impairment::g722;
        case CodecKind::Opus:
            return codec_impairment::opus;
    }
    return codec_impairment::g711_without_plc;
}

ChannelQuality compute_quality(const ChannelQualityInput& in) noexcept {
    ChannelQuality q;
    if (in.clock_rate != 0)
        q.jitter_ms = 1000.0 * static_cast<double>(in.rtp.jitter) / in.clock_rate;
    q.loss_percent = loss_percent(in.rtp);
    if (in.rtp.rtt)
        q.rtt_ms = Ms(*in.rtp.rtt).count();
    const double playout = std::max(0.0, Ms(in.jitter_buffer.current_delay).count());
    q.one_way_delay_ms = q.rtt_ms.value_or(0.0) / 2.0 + playout + Ms(in.ptime).count();
    EModelInput model;
    model.one_way_delay = Ms(q.one_way_delay_ms);
    model.packet_loss_percent = q.loss_percent;
    model.codec = in.codec;
    q.r_factor = r_factor(model);
    q.mos = mos_from_r(q.r_factor);
    return q;
}

}  // namespace sessioncore::media
