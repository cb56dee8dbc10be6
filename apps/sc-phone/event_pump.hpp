#pragma once
// The consumer loop of sc-phone: receives the manager's events in batches on the main thread,
// prints each as a JSON line and hands it to the command's handler.

#include <cstddef>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/base/event_channel.hpp>
#include <sessioncore/session/events.hpp>

namespace sessioncore::phone {

class EventPump {
public:
    using Handler = std::function<void(const session::Event&)>;

    /// `on_event` runs on `io`'s thread, after the event's line was written to stdout, within
    /// flush_delay (5 ms) of the event reaching the channel.
    EventPump(EventChannel<session::Event>& channel, boost::asio::io_context& io, Handler on_event);

    /// Starts receiving; each batch re-arms the next receive until the channel ends: at once
    /// after a full batch, else with the next stdout flush (within flush_delay), so that the
    /// events of a busy moment come in one wake-up of this thread.
    void start();

    /// After SessionManager::stop(): runs the completions already posted to `io` and takes
    /// what is still queued, so that no event produced before the stop goes unprinted. The
    /// manager's workers are stopped, so nothing arrives after this.
    void drain();

private:
    void receive();
    void deliver(const session::Event& event);
    /// Flushes stdout within flush_delay of the first line written since the last flush: a
    /// script sees each line promptly, and a busy phone makes one write() per interval rather
    /// than one per batch of events.
    void schedule_flush();

    EventChannel<session::Event>& channel_;
    boost::asio::io_context& io_;
    Handler on_event_;
    boost::asio::steady_timer flush_timer_;
    bool flush_pending_ = false;
    bool receive_after_flush_ = false;  // the next receive waits for the flush (gathering)
    std::string line_;                  // the line being written, reused: its capacity stays
};

}  // namespace sessioncore::phone
