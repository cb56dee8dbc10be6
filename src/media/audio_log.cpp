#include "audio_log.hpp"

#include <memory>

#include <spdlog/spdlog.h>

namespace sessioncore::media::detail {

spdlog::logger& media_logger() {
    static const std::shared_ptr<spdlog::logger> logger = [] {
        if (auto existing = spdlog::get("media"))
            return existing;
        auto& sinks = spdlog::default_logger()->sinks();
        auto created = std::make_shared<spdlog::logger>("media", sinks.begin(), sinks.end());
        try {
            spdlog::register_logger(created);
        } catch (const spdlog::spdlog_ex&) {
            return spdlog::get("media");  // registered meanwhile by another file of the layer
        }
        return created;
    }();
    return *logger;
}

}  // namespace sessioncore::media::detail
