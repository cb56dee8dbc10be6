// The session layer's media manager: a port pair bound when a call begins (our SDP names it),
// an AudioChannel made from the negotiated stream when offer/answer completes (183 with SDP,
// 2xx, ACK), changed by re-offers, stopped with the call. What the channel reports becomes
// session events; the application's requests (play, record, DTMF, mute, stats) arrive here on
// the session's shard.

#include "call_media.hpp"

#include <boost/asio/ip/address.hpp>

#include <sessioncore/media/wav_file_sink.hpp>
#include <sessioncore/media/wav_file_source.hpp>
#include <sessioncore/session/error.hpp>

#include "manager_core.hpp"

namespace sessioncore::session::detail {

namespace {

std::optional<boost::asio::ip::udp::endpoint> endpoint_of(const std::string& address,
                                                          std::uint16_t port) {
    boost::system::error_code ec;
    auto ip = boost::asio::ip::make_address(address, ec);
    if (ec || port == 0 || ip.is_unspecified())  // 0.0.0.0: RFC 2543 hold, nowhere to send
        return std::nullopt;
    return boost::asio::ip::udp::endpoint(ip, port);
}

media::MediaDirection direction_of(const sdp::NegotiatedStream& stream) noexcept {
    if (stream.send && stream.receive)
        return media::MediaDirection::SendRecv;
    if (stream.send)
        return media::MediaDirection::SendOnly;
    if (stream.receive)
        return media::MediaDirection::RecvOnly;
    return media::MediaDirection::Inactive;
}

std::string_view direction_name(media::MediaDirection direction) noexcept {
    switch (direction) {
        case media::MediaDirection::SendRecv:
            return "sendrecv";
        case media::MediaDirection::SendOnly:
            return "sendonly";
        case media::MediaDirection::RecvOnly:
            return "recvonly";
        case media::MediaDirection::Inactive:
            return "inactive";
    }
    return "inactive";
}

}  // namespace

media::AudioChannelConfig channel_config_for(const sdp::NegotiatedStream& stream,
                                             const MediaEngineConfig& engine) {
    media::AudioChannelConfig config;
    config.encoding_name = stream.codec.name;
    config.clock_rate = stream.codec.clock_rate;
    config.channels = stream.codec.channels.value_or(1);
    config.fmtp = stream.codec.fmtp;
    config.payload_type = stream.payload_type;
    config.telephone_event_payload_type = stream.telephone_event_pt;
    // The peer's a=ptime is what it wants to receive (RFC 4566 §6); 10-60 ms frames every
    // codec here can make, anything else keeps the 20 ms default.
    if (stream.remote_ptime && stream.remote_ptime->count() >= 10 &&
        stream.remote_ptime->count() <= 60 && stream.remote_ptime->count() % 10 == 0)
        config.ptime = *stream.remote_ptime;
    config.direction = direction_of(stream);
    config.remote_rtp = endpoint_of(stream.remote_address, stream.remote_port);
    config.remote_rtcp = endpoint_of(stream.remote_rtcp_address, stream.remote_rtcp_port);
    config.allow_relatch = engine.allow_relatch;
    config.rtcp_min_interval = engine.rtcp_interval;
    config.jitter_buffer.min_delay = engine.jitter_min_delay;
    config.jitter_buffer.max_delay = engine.jitter_max_delay;
    config.rtp_timeout = engine.rtp_timeout;
    config.quality_interval = engine.quality_interval;
    return config;
}

MediaStats to_media_stats(const media::AudioChannelStats& stats) noexcept {
    MediaStats out;
    out.packets_sent = stats.rtp.packets_sent;
    out.bytes_sent = stats.rtp.bytes_sent;
    out.packets_received = stats.rtp.packets_received;
    out.bytes_received = stats.rtp.bytes_received;
    out.packets_lost = stats.rtp.cumulative_lost;
    out.loss_percent = stats.loss_percent;
    out.jitter_ms = stats.jitter_ms;
    out.rtt_ms = stats.rtt_ms.value_or(-1.0);
    out.late = stats.jitter_buffer.late;
    out.discarded = stats.jitter_buffer.discarded();
    out.concealed = stats.jitter_buffer.concealed;
    out.r_factor = stats.r_factor;
    out.mos = stats.mos;
    out.rtcp_sent = stats.rtp.rtcp_sent;
    out.rtcp_received = stats.rtp.rtcp_received;
    out.dtmf_sent = stats.dtmf_sent;
    out.dtmf_received = stats.dtmf_received;
    return out;
}

boost::system::error_code ManagerCore::reserve_media(CallLeg& leg, ShardIndex shard) {
    if (!config.media_engine.enabled) {
        leg.rtp_port = allocate_rtp_port();
        return {};
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(rtp_address(leg), ec);
    if (ec)
        return errc::no_media_ports;
    auto lease = rtp_ports.allocate(executor_for(shard), address);
    if (!lease)
        return errc::no_media_ports;
    leg.rtp_port = lease->rtp_port();
    leg.call_media.lease.emplace(std::move(*lease));
    leg.call_media.state = MediaState::Negotiating;
    return {};
}

void ManagerCore::set_media_state(SessionRecord& record, CallLeg& leg, MediaState state) {
    if (leg.call_media.state == state)
        return;
    leg.call_media.state = state;
    update_info(record, [state](SessionInfo& info) { info.media_state = state; });
}

media::AudioChannelHandlers ManagerCore::media_handlers(const RecordPtr& record) {
    // The channel lives in the leg, the leg in the record: the handlers run only while both do,
    // on the shard. A weak pointer still, so a handler never extends a record's life.
    std::weak_ptr<SessionRecord> weak = record;
    media::AudioChannelHandlers handlers;
    handlers.on_dtmf = [this, weak](const media::ReceivedDigit& digit) {
        if (auto r = weak.lock())
            emit(DtmfReceived{r->id, std::chrono::system_clock::now(), digit.key,
                              static_cast<std::uint32_t>(digit.duration.count())});
    };
    handlers.on_quality = [this, weak](const media::AudioChannelStats& stats) {
        if (auto r = weak.lock())
            emit(MediaQuality{r->id, std::chrono::system_clock::now(), to_media_stats(stats)});
    };
    handlers.on_rtp_timeout = [this, weak] {
        // Posted: hanging up may end the session and destroy the channel, which must not
        // happen inside its own handler.
        if (auto r = weak.lock())
            post_to(r, [this](SessionRecord& rec, CallLeg& leg) { on_rtp_timeout(rec, leg); });
    };
    return handlers;
}

void ManagerCore::apply_media(SessionRecord& record, CallLeg& leg) {
    if (!config.media_engine.enabled)
        return;
    const sdp::NegotiatedStream* stream = leg.negotiation.stream();
    if (!stream) {
        stop_media(record, leg, "stream rejected");
        return;
    }
    auto settings = channel_config_for(*stream, config.media_engine);
    CallMedia& m = leg.call_media;
    if (m.channel) {
        if (auto updated = m.channel->update(settings); !updated)
            return fail_media(record, leg, media::make_error_code(updated.error()).message());
    } else if (!start_channel(record, leg, std::move(settings))) {
        return;
    }
    const auto direction = direction_of(*stream);
    set_media_state(
        record, leg,
        direction == media::MediaDirection::SendRecv ? MediaState::Active : MediaState::Paused);
    if (m.started_reported)
        return;
    m.started_reported = true;
    emit(MediaStarted{record.id, std::chrono::system_clock::now(), stream->codec.name,
                      stream->payload_type, m.channel->local_rtp_port(), stream->remote_address,
                      stream->remote_port, std::string(direction_name(direction))});
}

bool ManagerCore::start_channel(SessionRecord& record, CallLeg& leg,
                                media::AudioChannelConfig settings) {
    CallMedia& m = leg.call_media;
    if (!m.lease) {
        fail_media(record, leg, "no RTP port bound for the stream");
        return false;
    }
    auto self = record_on_shard(record.shard, record.id);
    if (!self)
        return false;
    auto made = media::AudioChannel::create(executor_for(record.shard), std::move(*m.lease),
                                            std::move(settings), media_handlers(self));
    m.lease.reset();
    if (!made) {
        fail_media(record, leg,
                   "media set-up failed: " + media::make_error_code(made.error()).message());
        return false;
    }
    m.channel = std::move(*made);
    set_media_state(record, leg, MediaState::Configured);
    if (m.pending_source)
        m.channel->set_source(std::move(m.pending_source));
    if (m.pending_sink)
        m.channel->set_sink(std::move(m.pending_sink));
    m.channel->set_muted(m.muted);
    m.channel->start();
    return true;
}

void ManagerCore::fail_media(SessionRecord& record, CallLeg& leg, std::string reason) {
    set_media_state(record, leg, MediaState::Failed);
    emit(MediaFailed{record.id, std::chrono::system_clock::now(), std::move(reason)});
}

void ManagerCore::stop_media(SessionRecord& record, CallLeg& leg, std::string_view reason) {
    CallMedia& m = leg.call_media;
    m.pending_source.reset();
    m.pending_sink.reset();
    m.lease.reset();  // the port goes back now, not when the record goes
    if (!m.channel)
        return;
    const MediaStats stats = to_media_stats(m.channel->stats());
    m.channel->stop();
    m.channel.reset();
    set_media_state(record, leg, MediaState::None);
    emit(MediaStopped{record.id, std::chrono::system_clock::now(), std::string(reason), stats});
}

void ManagerCore::on_rtp_timeout(SessionRecord& record, CallLeg& leg) {
    const auto waited = config.media_engine.rtp_timeout.count();
    fail_media(record, leg, "no RTP from the peer for " + std::to_string(waited) + " ms");
    if (config.media_engine.hangup_on_rtp_timeout)
        hangup(record, leg, TerminationReason::MediaTimeout);
}

boost::system::error_code ManagerCore::play(CallLeg& leg, const std::string& file,
                                            const PlayOptions& options) {
    if (!config.media_engine.enabled)
        return errc::no_media;
    media::WavFileSourceOptions source_options;
    source_options.looping = options.loop ? media::Looping::Forever : media::Looping::Once;
    auto source = media::WavFileSource::open(file, source_options);
    if (!source)
        return source.error();
    auto owned = std::make_unique<media::WavFileSource>(std::move(*source));
    if (leg.call_media.channel)
        leg.call_media.channel->set_source(std::move(owned));
    else
        leg.call_media.pending_source = std::move(owned);
    return {};
}

boost::system::error_code ManagerCore::record_to(CallLeg& leg, const std::string& file,
                                                 const RecordOptions& options) {
    if (!config.media_engine.enabled)
        return errc::no_media;
    auto sink = media::WavFileSink::create(file, options.sample_rate);
    if (!sink)
        return sink.error();
    auto owned = std::make_unique<media::WavFileSink>(std::move(*sink));
    if (leg.call_media.channel)
        leg.call_media.channel->set_sink(std::move(owned));
    else
        leg.call_media.pending_sink = std::move(owned);
    return {};
}

boost::system::error_code ManagerCore::send_dtmf(CallLeg& leg, std::string_view digits,
                                                 const DtmfSendOptions& options) {
    if (!leg.call_media.channel)
        return errc::no_media;
    media::DtmfOptions dtmf;
    dtmf.duration = options.duration;
    dtmf.gap = options.gap;
    if (auto sent = leg.call_media.channel->send_dtmf(digits, dtmf); !sent)
        return media::make_error_code(sent.error());
    return {};
}

void ManagerCore::set_muted(CallLeg& leg, bool muted) {
    leg.call_media.muted = muted;
    if (leg.call_media.channel)
        leg.call_media.channel->set_muted(muted);
}

boost::system::result<MediaStats> ManagerCore::media_stats(const CallLeg& leg) const {
    if (!leg.call_media.channel)
        return make_error_code(errc::no_media);
    return to_media_stats(leg.call_media.channel->stats());
}

}  // namespace sessioncore::session::detail
