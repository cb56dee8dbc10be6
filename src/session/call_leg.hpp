#pragma once
// The shard-only state of one session: the INVITE, the dialog(s), the offer/answer state, the
// transactions in flight and the one timer. Lives in SessionRecord::leg; destroyed when the
// session ends, which cancels the timer and drops every message it held.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include <sessioncore/dialog/dialog.hpp>
#include <sessioncore/dialog/invite_forks.hpp>
#include <sessioncore/dialog/ok_retransmitter.hpp>
#include <sessioncore/dialog/reinvite_guard.hpp>
#include <sessioncore/session/options.hpp>
#include <sessioncore/transaction/transaction_layer.hpp>

#include "call_media.hpp"
#include "negotiation.hpp"

namespace sessioncore::session::detail {

struct StateWait {
    CallState state;
    std::function<void(boost::system::error_code)> complete;
};

/// Our re-INVITE operation (reinvite.cpp), from async_hold()/... until it completes. It spans
/// every attempt after a 491; what it changed is put back when it fails.
struct PendingReinvite {
    std::function<void(boost::system::error_code)> complete;
    bool previous_hold = false;
    MediaOptions previous_media;
    std::size_t attempts = 0;  // re-INVITEs sent so far
    std::string offer;         // the last one's SDP, SessionInfo::local_sdp once answered
};

struct CallLeg {
    CallLeg(boost::asio::io_context& io, const transaction::TimerConfig& timers)
        : ok_retransmitter(timers), timer(io), reinvite_timer(io) {}

    std::shared_ptr<const sip::Message> invite;  // the dialog-creating INVITE, sent or received
    std::string call_id;
    std::string local_tag;
    transport::Protocol protocol = transport::Protocol::Udp;  // of the dialog-creating INVITE
    std::optional<dialog::Dialog> dialog;                     // early (UAS) or confirmed

    // Outgoing calls.
    transaction::ClientTxId invite_tx{};
    transport::Destination destination{};
    bool final_received = false;
    bool provisional_received = false;
    bool cancel_wanted = false;  // hangup() before a provisional: CANCEL once one arrives
    bool cancel_sent = false;
    // Early dialogs per fork, the kept one, ACKs for extra 2xx (§12.1.2, §13.2.2.4); dropped
    // once its 64·T1 window after the first 2xx has closed.
    std::optional<dialog::InviteForks> forks;
    std::optional<sip::Message> ack;  // our ACK of the kept 2xx, for stray retransmissions

    // Incoming calls.
    transaction::ServerTxId server_tx{};
    transaction::RequestSource source{};
    bool final_sent = false;
    // The UAS core's 2xx retransmission (RFC 3261 §13.3.1.4), for the initial INVITE and
    // re-INVITEs alike, and the server transaction the 2xx went out in.
    dialog::OkRetransmitter ok_retransmitter;
    transaction::ServerTxId ok_tx{};
    std::optional<TimePoint> no_answer_deadline;

    // Both.
    MediaOptions media;
    std::uint16_t rtp_port = 0;
    CallMedia call_media;  // the port pair, then the AudioChannel
    Negotiation negotiation;
    dialog::ReinviteGuard reinvite_guard;     // our re-INVITE's client transaction is running
    std::optional<PendingReinvite> reinvite;  // our re-INVITE operation, retries included
    bool bye_sent = false;
    TerminationReason bye_reason = TerminationReason::LocalHangup;  // when our BYE completes
    std::string bye_phrase;
    std::uint16_t bye_status = 0;  // the status that made us send BYE (408, 481), if any
    std::optional<transport::Destination> dialog_hop;  // next hop of in-dialog requests
    std::size_t counted_dialogs = 0;  // this leg's share of ManagerCore::live_dialogs_
    std::vector<StateWait> waits;
    boost::asio::steady_timer timer;
    boost::asio::steady_timer reinvite_timer;  // the wait before a re-INVITE is sent again
};

}  // namespace sessioncore::session::detail
