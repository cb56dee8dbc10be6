#include "event_pump.hpp"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <boost/asio/bind_executor.hpp>

#include <sessioncore/session/event_json.hpp>

namespace sessioncore::phone {

namespace {
// Large enough that a burst of calls costs one wake-up per batch, small enough to keep the
// main thread responsive to its timers.
constexpr std::size_t batch_size = 256;
// How long a line may wait in the stdout buffer.
constexpr std::chrono::milliseconds flush_delay{5};
}  // namespace

EventPump::EventPump(EventChannel<session::Event>& channel, boost::asio::io_context& io,
                     Handler on_event)
    : channel_(channel), io_(io), on_event_(std::move(on_event)), flush_timer_(io) {
    static char buffer[1 << 16];  // one stdout, one buffer; fully buffered, flushed by us
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
}

void EventPump::schedule_flush() {
    if (flush_pending_)
        return;
    flush_pending_ = true;
    flush_timer_.expires_after(flush_delay);
    flush_timer_.async_wait([this](boost::system::error_code ec) {
        flush_pending_ = false;
        std::fflush(stdout);
        if (receive_after_flush_ && !ec) {
            receive_after_flush_ = false;
            receive();
        }
    });
}

void EventPump::start() {
    receive();
}

void EventPump::receive() {
    channel_.async_receive_batch(
        batch_size, boost::asio::bind_executor(io_, [this](boost::system::error_code ec,
                                                           std::vector<session::Event> events) {
            for (const auto& event : events)
                deliver(event);
            schedule_flush();
            if (ec)
                return;
            // A full batch: more are waiting. Otherwise gather: the next receive starts with
            // the flush, so that what the shards emit meanwhile (a call's events come from
            // three handlers, the calls of a burst from many) wakes this thread once, not once
            // per handler. Each event still reaches stdout within flush_delay.
            if (events.size() == batch_size)
                receive();
            else
                receive_after_flush_ = true;
        }));
}

void EventPump::deliver(const session::Event& event) {
    line_.clear();
    session::append_json(event, line_);
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), stdout);
    on_event_(event);
}

void EventPump::drain() {
    io_.restart();
    while (io_.poll() > 0) {
    }
    while (auto event = channel_.try_receive())
        deliver(*event);
    flush_timer_.cancel();
    std::fflush(stdout);
}

}  // namespace sessioncore::phone
