#pragma once
// The UAS core's retransmission of a 2xx to INVITE (RFC 3261 §13.3.1.4). The INVITE server
// transaction hands the 2xx to the transport once and leaves the rest to the core, because the
// ACK of a 2xx is end to end and may cross unreliable hops whatever our own transport is. So
// the core resends the 2xx at T1, 2·T1, 4·T1 ... capped at T2 until the ACK with the same CSeq
// number arrives; after 64·T1 without it the dialog stays confirmed but the session should end
// with a BYE. Sans-IO: `now` with every input, poll_output() and next_wake() out. One per INVITE
// we answered 2xx; not thread-safe: the dialog's shard owns it.

#include <cstdint>
#include <deque>
#include <optional>
#include <variant>

#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/timers.hpp>

namespace sessioncore::dialog {

/// Send the 2xx again. `message` points at the retransmitter's own copy (no copy is made per
/// retransmission): it stays valid until the next start() or the retransmitter's destruction.
/// A driver whose transport takes ownership sends message->clone().
struct RetransmitOk {
    const sip::Message* message = nullptr;
};

/// 64·T1 passed without an ACK (§13.3.1.4): the TU sends BYE and the session ends with the
/// reason "timeout".
struct AckTimedOut {};

using OkOutput = std::variant<RetransmitOk, AckTimedOut>;

/// What on_ack() made of an ACK.
enum class AckMatch : std::uint8_t {
    Acknowledged,  ///< the ACK of the pending 2xx: retransmissions stopped
    OtherCSeq,     ///< another INVITE's ACK: nothing changed
    NotWaiting,    ///< no 2xx is waiting (already acknowledged, timed out, or none sent)
};

class OkRetransmitter {
public:
    enum class State : std::uint8_t { Idle, WaitingForAck, Acknowledged, TimedOut };

    explicit OkRetransmitter(const transaction::TimerConfig& timers = {}) : timers_(timers) {}

    /// The 2xx to INVITE was just sent for the first time: arms the first retransmission at
    /// now + T1 and the give-up at now + 64·T1. A new start() replaces a 2xx still waiting.
    /// Precondition (SC_ASSERT): `ok` is a 2xx response whose CSeq parses.
    void start(sip::Message ok, TimePoint now);
    /// An ACK reached the core with this CSeq number (§13.3.1.4: the ACK matching the 2xx).
    AckMatch on_ack(std::uint32_t cseq, TimePoint now);
    /// Runs whatever is due at `now`: the give-up first (then nothing more is sent), otherwise
    /// one retransmission, the next one an interval later (doubled, at most T2).
    void on_timer(TimePoint now);

    /// The next output, oldest first; drain after every input.
    [[nodiscard]] std::optional<OkOutput> poll_output();
    /// When on_timer() next has work; nullopt unless waiting for the ACK.
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept;

    [[nodiscard]] State state() const noexcept { return state_; }
    /// The CSeq number of the 2xx (and of its INVITE); 0 before start().
    [[nodiscard]] std::uint32_t cseq() const noexcept { return cseq_; }
    /// The 2xx given to start(), if any.
    [[nodiscard]] const std::optional<sip::Message>& response() const noexcept { return ok_; }

private:
    transaction::TimerConfig timers_;
    State state_ = State::Idle;
    std::optional<sip::Message> ok_;
    std::uint32_t cseq_ = 0;
    Duration interval_{};
    TimePoint next_retransmit_{}, give_up_{};
    std::deque<OkOutput> outputs_;
};

}  // namespace sessioncore::dialog
