#pragma once
// The UAC side of one INVITE that a proxy may have forked (RFC 3261 §13.2.2.4, §12.1.2): each
// 1xx with a new To tag creates an early dialog; the first 2xx names the dialog that is kept;
// a 2xx from any other fork gets an ACK and a BYE; every 2xx retransmission gets the same ACK
// again; a non-2xx final ends every early dialog (§12.3).
//
// The window: the core treats the INVITE as done 64·T1 after the first 2xx (§13.2.2.4). At
// next_wake() the driver calls on_timer(); early dialogs still unconfirmed then end, and a 2xx
// with a new To tag is ignored from then on. (The transaction itself is ended by Timer M,
// RFC 6026 §7.2, in the transaction layer.) Sans-IO; not thread-safe: the call's shard owns it.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/base/time.hpp>
#include <sessioncore/dialog/dialog.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/timers.hpp>

namespace sessioncore::dialog {

/// What the driver does after InviteForks::on_response().
enum class ForkAction : std::uint8_t {
    None,         ///< 100, or a 1xx without To tag: no dialog involved
    EarlyDialog,  ///< a 1xx created a new early dialog (dialog(to_tag))
    EarlyUpdate,  ///< a 1xx for an early dialog we already have
    AckKept,      ///< the first 2xx: this fork is the dialog; send make_ack(to_tag)
    AckAndBye,    ///< a 2xx from another fork: send make_ack(to_tag), then a BYE from dialog()
    ResendAck,    ///< a retransmitted 2xx of an ACKed fork: send last_ack(to_tag) again
    Failed,       ///< a 300-699: every early dialog ended; the call failed
    Ignored,      ///< nothing to do: a new fork after the window, or anything after a failure
};

struct ForkEvent {
    ForkAction action = ForkAction::None;
    std::string to_tag;  ///< the fork the response came from ("" for an RFC 2543 UAS)
};

/// Options of InviteForks::make_ack().
struct AckOptions {
    /// The top Via branch; empty: a fresh one (the ACK of a 2xx is its own transaction, §17.1.1.3).
    std::string_view branch{};
    std::string_view via_sent_by{"SIP/2.0/UDP sessioncore.invalid"};
    /// The answer, when the 2xx carried the offer (§13.2.2.4).
    std::string_view content_type{};
    std::string_view body{};
};

/// Settings of InviteForks.
struct ForkOptions {
    Transport transport = Transport::Other;  ///< how the INVITE was sent (Dialog::secure())
    transaction::TimerConfig timers{};       ///< T1 for the 64·T1 window
};

class InviteForks {
public:
    enum class State : std::uint8_t {
        Proceeding,  ///< no final response yet
        Accepted,    ///< a 2xx named the kept dialog; the window is open
        Done,        ///< the window closed after a 2xx
        Failed,      ///< a 300-699 ended the INVITE
    };

    /// For the INVITE we sent. Precondition (SC_ASSERT): an INVITE request with a From tag and
    /// a parsable Call-ID and CSeq.
    explicit InviteForks(sip::Message invite, const ForkOptions& options = {});

    /// A response the INVITE client transaction passed up (every 1xx, every 2xx including
    /// retransmissions (RFC 6026 §7.2), the final non-2xx once).
    /// Errors: errc::bad_message, errc::wrong_dialog (not a response to this INVITE), and
    /// Dialog::create_uac()'s errors for a dialog-creating response (bad_contact, bad_route).
    [[nodiscard]] Result<ForkEvent> on_response(const sip::Message& response, TimePoint now);
    /// Closes the window once it is due (see the file comment).
    void on_timer(TimePoint now);
    /// The end of the window; nullopt before the first 2xx and once closed.
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept;

    /// Builds the ACK of the 2xx from this fork (§13.2.2.4): an in-dialog request of its
    /// dialog (route set, remote target), CSeq number of the INVITE, and the INVITE's
    /// Authorization and Proxy-Authorization. The fork keeps a copy for ResendAck.
    /// Errors: errc::wrong_dialog (no confirmed fork with this tag), Dialog::make_request's.
    [[nodiscard]] Result<sip::Message> make_ack(std::string_view to_tag,
                                                const AckOptions& options = {});
    /// The ACK make_ack() last built for this fork, or nullptr.
    [[nodiscard]] const sip::Message* last_ack(std::string_view to_tag) const noexcept;

    /// The fork's dialog (early, confirmed or terminated), or nullptr; valid as long as this
    /// object. The TU builds the BYE of an AckAndBye fork with dialog(tag)->make_request("BYE").
    [[nodiscard]] Dialog* dialog(std::string_view to_tag) noexcept;
    /// The dialog the first 2xx confirmed, or nullptr. The TU copies it into its DialogTable;
    /// the copy here only builds ACKs for retransmitted 2xx.
    [[nodiscard]] const Dialog* kept() const noexcept;
    /// The To tags of the early dialogs that are still alive.
    [[nodiscard]] std::vector<std::string> early_tags() const;

    [[nodiscard]] State state() const noexcept { return state_; }
    [[nodiscard]] const sip::Message& invite() const noexcept { return invite_; }

private:
    enum class ForkRole : std::uint8_t { Early, Kept, Extra, Ended };
    struct Fork {
        std::string to_tag;
        Dialog dialog;
        ForkRole role = ForkRole::Early;
        std::optional<sip::Message> ack;
    };

    Fork* find(std::string_view to_tag) noexcept;
    const Fork* find(std::string_view to_tag) const noexcept;
    Result<ForkEvent> on_provisional(const sip::Message& response, std::string to_tag);
    Result<ForkEvent> on_success(const sip::Message& response, std::string to_tag, TimePoint now);
    void end_early_dialogs() noexcept;

    sip::Message invite_;
    ForkOptions options_;
    std::string call_id_, from_tag_;
    std::uint32_t cseq_ = 0;
    State state_ = State::Proceeding;
    std::optional<TimePoint> window_end_;
    std::deque<Fork> forks_;  // one per To tag, in order of arrival; push_back keeps pointers
};

}  // namespace sessioncore::dialog
