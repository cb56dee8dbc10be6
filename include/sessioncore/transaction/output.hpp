#pragma once
// What a transaction asks of its driver: send a message, or tell the transaction user (TU)
// something. Every machine queues these; the driver drains them with poll_output() after each
// input (STYLE.md §2).

#include <cstdint>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include <boost/system/error_code.hpp>

#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/timers.hpp>

namespace sessioncore::transaction {

/// Whether a Transmit is the first sending of that message or a repeat of one already sent.
enum class SendKind : std::uint8_t { First, Retransmission };

/// Hand this message to the transport. A client sends to the transaction's destination; a
/// server sends a response where the request came from (RFC 3261 §18.2.2).
struct Transmit {
    sip::Message message;
    SendKind kind = SendKind::First;
};

/// Client: a response for the TU: every provisional, the final response, and in the Accepted
/// state every 2xx retransmission (RFC 6026 §7.2). Retransmitted non-2xx finals are absorbed.
struct ResponseReceived {
    sip::Message response;
};

/// Server INVITE in the Accepted state: an ACK that reached the transaction goes to the TU
/// (RFC 6026 §7.1).
struct AckReceived {
    sip::Message ack;
};

/// The transaction gave up and is now Terminated: Timer B (INVITE, no final response), Timer F
/// (non-INVITE, no final response) or Timer H (server INVITE, no ACK for a non-2xx final).
/// The TU treats B and F as a 408 (RFC 3261 §8.1.3.1).
struct TimedOut {
    TimerName timer = TimerName::B;
};

/// A proxy's Timer C fired (RFC 3261 §16.6 step 11): the TU cancels the branch when a provisional
/// was received, or treats it as a 408 otherwise. The transaction itself carries on.
struct TimerCFired {
    bool provisional_received = false;
};

/// The transport could not send (RFC 3261 §17.1.4, §17.2.4); the transaction is now Terminated.
struct TransportFailed {
    boost::system::error_code error;
};

/// One output of a machine.
using Output =
    std::variant<Transmit, ResponseReceived, AckReceived, TimedOut, TimerCFired, TransportFailed>;

/// The first-in first-out queue behind each machine's poll_output(). A vector read from a
/// moving head: it holds one or two outputs at a time and is drained at once, so it never
/// grows; unlike std::deque it allocates nothing until the first push and moves for free (the
/// machines move into their tables).
class OutputQueue {
public:
    void push(Output output) { queue_.push_back(std::move(output)); }
    /// The oldest output, or nullopt when empty.
    [[nodiscard]] std::optional<Output> pop() {
        if (head_ >= queue_.size()) {  // also a moved-from queue: its vector is empty
            queue_.clear();
            head_ = 0;
            return std::nullopt;
        }
        Output out = std::move(queue_[head_++]);
        if (head_ == queue_.size()) {
            queue_.clear();  // keeps the capacity for the next outputs
            head_ = 0;
        }
        return out;
    }
    [[nodiscard]] bool empty() const noexcept { return head_ >= queue_.size(); }

private:
    std::vector<Output> queue_;
    std::size_t head_ = 0;
};

}  // namespace sessioncore::transaction
