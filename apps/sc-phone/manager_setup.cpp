#include "manager_setup.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace sessioncore::phone {

session::MediaOptions media_options(const CommonOptions& common) {
    session::MediaOptions media;
    media.codecs = common.codecs;
    media.advertised_rtp_port = common.media.sdp_rtp_port;
    return media;
}

session::SessionManagerConfig manager_config(const CommonOptions& common) {
    session::SessionManagerConfig config;
    config.workers = common.workers;
    config.user_agent = "sc-phone";
    config.media = media_options(common);
    config.media_engine.enabled = common.media.enabled;
    config.media_engine.quality_interval = common.media.quality_interval;
    config.media_engine.rtp_timeout = common.media.rtp_timeout;
    config.media_engine.hangup_on_rtp_timeout = common.media.rtp_timeout.count() > 0;
    config.media_engine.rtcp_interval = common.media.rtcp_interval;
    config.rtp_port_min = common.media.rtp_port_min;
    config.rtp_port_max = common.media.rtp_port_max;
    // RFC 3261 defaults are T1 500 ms, T2 4 s, T4 5 s, Timer D 32 s: keep those ratios.
    config.timers.t1 = common.t1;
    config.timers.t2 = std::min<Duration>(8 * common.t1, std::chrono::seconds(4));
    config.timers.t4 = std::min<Duration>(10 * common.t1, std::chrono::seconds(5));
    config.timers.timer_d = 64 * common.t1;
    if (common.transport != TransportChoice::Tcp)
        config.listen.push_back({transport::Protocol::Udp, common.bind});
    if (common.transport != TransportChoice::Udp)
        config.listen.push_back({transport::Protocol::Tcp, common.bind});
    return config;
}

std::optional<ExitStatus> start_manager(session::SessionManager& manager,
                                        const CommonOptions& common) {
    if (auto ec = manager.start()) {
        std::cerr << "sc-phone: cannot bind " << common.bind.to_string() << ": " << ec.message()
                  << "\n";
        return ExitStatus::CannotBind;
    }
    return std::nullopt;
}

void stop_and_summarise(session::SessionManager& manager, EventPump& pump, const CallTally& tally,
                        const CommonOptions& common) {
    manager.stop(common.drain);
    pump.drain();
    const std::string line = summary_json(tally, manager.counts(), manager.events_dropped());
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace sessioncore::phone
