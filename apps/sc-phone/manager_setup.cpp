#include "manager_setup.hpp"

#include <cstdio>
#include <iostream>

namespace sessioncore::phone {

session::SessionManagerConfig manager_config(const CommonOptions& common) {
    session::SessionManagerConfig config;
    config.workers = common.workers;
    config.user_agent = "sc-phone";
    config.media.codecs = common.codecs;
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

void stop_and_summarise(session::SessionManager& manager, EventPump& pump, const CallTally& tally) {
    manager.stop();
    pump.drain();
    const std::string line = summary_json(tally, manager.counts(), manager.events_dropped());
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace sessioncore::phone
