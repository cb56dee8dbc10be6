#include "media_actions.hpp"

#include <boost/asio/bind_executor.hpp>

namespace sessioncore::phone {

namespace asio = boost::asio;

MediaActions::MediaActions(asio::io_context& io, session::SessionManager& manager,
                           const MediaCommandOptions& options, ErrorHandler on_error)
    : io_(io), manager_(manager), options_(options), on_error_(std::move(on_error)) {}

std::string file_for_session(std::string pattern, session::SessionId id) {
    constexpr std::string_view placeholder = "{id}";
    const std::string value = std::to_string(id.value);
    for (auto at = pattern.find(placeholder); at != std::string::npos;
         at = pattern.find(placeholder, at + value.size()))
        pattern.replace(at, placeholder.size(), value);
    return pattern;
}

void MediaActions::begin(session::Session call) const {
    if (!options_.enabled)
        return;
    const session::SessionId id = call.id();
    auto report = [this, id](std::string what) {
        return asio::bind_executor(io_, [this, id, what](boost::system::error_code ec) {
            if (ec)
                on_error_(id, what + ": " + ec.message());
        });
    };
    if (!options_.play.empty())
        call.async_play(options_.play, session::PlayOptions{options_.loop},
                        report("cannot play " + options_.play));
    if (!options_.record.empty()) {
        std::string file = file_for_session(options_.record, id);
        call.async_record(file, session::RecordOptions{}, report("cannot record to " + file));
    }
}

void MediaActions::on_event(const session::Event& event) {
    if (const auto* started = std::get_if<session::MediaStarted>(&event)) {
        if (options_.dtmf.empty())
            return;
        auto& timer = dtmf_timers_[started->session];
        timer = std::make_unique<asio::steady_timer>(io_, options_.dtmf_delay);
        timer->async_wait([this, id = started->session](boost::system::error_code ec) {
            if (!ec)
                send_digits(id);
        });
        return;
    }
    if (const auto* ended = std::get_if<session::CallTerminated>(&event))
        dtmf_timers_.erase(ended->session);
}

void MediaActions::send_digits(session::SessionId id) {
    auto call = manager_.find_session(id);
    if (!call)
        return;
    call->async_send_dtmf(options_.dtmf, session::DtmfSendOptions{},
                          asio::bind_executor(io_, [this, id](boost::system::error_code ec) {
                              if (ec)
                                  on_error_(id, "cannot send DTMF: " + ec.message());
                          }));
}

}  // namespace sessioncore::phone
