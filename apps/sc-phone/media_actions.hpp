#pragma once
// What sc-phone does with the audio of each call, for both commands: play and record from the
// moment a session exists (the session layer keeps them until media flows), DTMF digits a
// while after MediaStarted. Failures (a file that cannot be opened, digits refused) go to the
// command's error handler on the main thread.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/session/session_manager.hpp>

#include "options.hpp"

namespace sessioncore::phone {

class MediaActions {
public:
    using ErrorHandler = std::function<void(session::SessionId, const std::string&)>;

    MediaActions(boost::asio::io_context& io, session::SessionManager& manager,
                 const MediaCommandOptions& options, ErrorHandler on_error);

    /// A new session (placed or offered). Safe from any thread.
    void begin(session::Session call) const;
    /// Every event, on the main thread: MediaStarted schedules the digits; CallTerminated
    /// forgets the session's timer.
    void on_event(const session::Event& event);

private:
    void send_digits(session::SessionId id);

    boost::asio::io_context& io_;
    session::SessionManager& manager_;
    const MediaCommandOptions& options_;
    ErrorHandler on_error_;
    std::map<session::SessionId, std::unique_ptr<boost::asio::steady_timer>> dtmf_timers_;
};

/// `pattern` with each "{id}" replaced by the session id.
[[nodiscard]] std::string file_for_session(std::string pattern, session::SessionId id);

}  // namespace sessioncore::phone
