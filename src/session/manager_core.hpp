#pragma once
// The machinery behind SessionManager: workers, transports, the transaction layer, and per
// shard the sessions it owns. The call flows are split by concern over several files:
//   manager_core.cpp      set-up, directory, events, state changes, the end of a session
//   outgoing_call.cpp     make_call: INVITE, 1xx/2xx/final handling, forks, CANCEL (UAC core)
//   incoming_call.cpp     a new INVITE: limits, 415/488, offer to the application, answer,
//                         reject, 2xx retransmission and the ACK timeout (UAS core)
//   in_dialog.cpp         requests inside a dialog: BYE, re-INVITE (491), OPTIONS, 481; hangup
//   reinvite.cpp          re-INVITEs we send: hold, resume, re-offer, glare retries (§14.1)
//   next_hop.cpp          where an out-of- or in-dialog request goes (RFC 3263 via transport)

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sessioncore/base/event_channel.hpp>
#include <sessioncore/base/runtime.hpp>
#include <sessioncore/base/time.hpp>
#include <sessioncore/session/session_manager.hpp>
#include <sessioncore/transaction/message_factory.hpp>
#include <sessioncore/transaction/transaction_layer.hpp>
#include <sessioncore/transport/resolver.hpp>
#include <sessioncore/transport/transport.hpp>

#include "call_leg.hpp"
#include "session_record.hpp"

namespace sessioncore::session::detail {

/// What we put in Allow (RFC 3261 §20.5): every method the session layer answers.
inline constexpr std::string_view allowed_methods = "INVITE, ACK, CANCEL, BYE, OPTIONS";

using RecordPtr = std::shared_ptr<SessionRecord>;

/// A session's Call-ID and our tag, as views into its leg's own strings (CallLeg::call_id,
/// local_tag): the entry is erased before the leg goes (finish()), and a lookup builds no
/// string (a concatenated key cost an allocation per ACK, BYE and end of call).
struct LocalTagKey {
    std::string_view call_id;
    std::string_view local_tag;
    friend bool operator==(const LocalTagKey&, const LocalTagKey&) = default;
};

struct LocalTagKeyHash {
    std::size_t operator()(const LocalTagKey& key) const noexcept {
        const std::size_t a = std::hash<std::string_view>{}(key.call_id);
        const std::size_t b = std::hash<std::string_view>{}(key.local_tag);
        return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
    }
};

/// One worker's sessions. The maps are written only on the shard's thread; the mutex lets the
/// application's lookups (find_session ...) read them from any thread. It is uncontended on
/// the call path.
struct Shard {
    explicit Shard(boost::asio::io_context& io) : context(io), resolver(io) {}
    boost::asio::io_context& context;
    transport::Resolver resolver;

    /// Events emitted on this shard and not yet in the channel: they go in together when the
    /// shard's current handler is done (flush_events), so a burst (BYE: Terminating,
    /// Terminated, CallTerminated) wakes the application once. Shard thread only.
    std::vector<Event> outbox;
    bool flush_posted = false;

    mutable std::mutex mutex;
    std::unordered_map<std::uint64_t, RecordPtr> sessions;  // by SessionId::value
    std::unordered_map<LocalTagKey, SessionId, LocalTagKeyHash> by_local_tag;
    std::unordered_map<std::uint64_t, SessionId> by_server_tx;  // INVITE tx serial (CANCEL)
};

class ManagerCore : public std::enable_shared_from_this<ManagerCore> {
public:
    explicit ManagerCore(SessionManagerConfig config);
    ~ManagerCore();

    boost::system::error_code start();
    void stop(std::chrono::milliseconds grace);

    // Application entry points (any thread).
    void start_call(std::string target, CallOptions options,
                    std::function<void(boost::system::error_code, Session)> complete);
    void post_to(const RecordPtr& record, std::function<void(SessionRecord&, CallLeg&)> work);
    [[nodiscard]] RecordPtr find(SessionId id) const;
    [[nodiscard]] RecordPtr find_by_dialog(std::string_view call_id, std::string_view local_tag,
                                           std::string_view remote_tag) const;
    [[nodiscard]] std::vector<RecordPtr> records_for_call(std::string_view call_id) const;
    boost::system::error_code link(SessionId id, std::string call_id);
    [[nodiscard]] std::vector<RecordPtr> all_records() const;
    [[nodiscard]] SessionCounts counts() const;
    [[nodiscard]] boost::asio::any_io_executor executor_for(ShardIndex shard);

    // Operations on a session, on its shard (in_dialog.cpp, incoming_call.cpp).
    void answer(SessionRecord& record, CallLeg& leg, const AnswerOptions& options);
    void reject(SessionRecord& record, CallLeg& leg, std::uint16_t status, std::string reason);
    void send_provisional(SessionRecord& record, CallLeg& leg, std::uint16_t status,
                          const AnswerOptions* early_media);
    void hangup(SessionRecord& record, CallLeg& leg, TerminationReason reason);
    void wait_for(SessionRecord& record, CallState state,
                  std::function<void(boost::system::error_code)> complete);
    /// Our re-INVITE (reinvite.cpp): hold, resume or new media.
    void reoffer(SessionRecord& record, Reoffer what, MediaOptions media,
                 std::function<void(boost::system::error_code)> complete);
    /// Completes our pending re-INVITE operation, if any, with `ec` (after a flush), and
    /// stops its retry timer. What it changed stays as it is.
    void end_reinvite(CallLeg& leg, boost::system::error_code ec);

    SessionManagerConfig config;
    Runtime runtime;
    SteadyClock clock;
    transport::TransportLayer transport;
    std::unique_ptr<transaction::TransactionLayer> transactions;
    EventChannel<Event> events;
    std::vector<std::unique_ptr<Shard>> shards;
    std::function<void(Session)> incoming_handler;

private:
    friend struct Flows;
    // Transaction layer handlers (on the Call-ID's shard).
    void on_request(transaction::ServerTxId tx, const sip::Message& request,
                    const transaction::RequestSource& source);
    void on_new_invite(transaction::ServerTxId tx, const sip::Message& invite,
                       const transaction::RequestSource& source);
    void on_in_dialog_request(transaction::ServerTxId tx, const sip::Message& request,
                              const transaction::RequestSource& source);
    void on_ack(const sip::Message& ack);
    void on_cancel(transaction::ServerTxId invite_tx);
    void on_stray_response(const sip::Message& response);

    // Outgoing calls (outgoing_call.cpp).
    void send_invite(const RecordPtr& record, const transport::Destination& destination,
                     std::function<void(boost::system::error_code, Session)> complete);
    void on_invite_event(const std::weak_ptr<SessionRecord>& weak,
                         const std::shared_ptr<const sip::Message>& invite,
                         const transport::Destination& destination,
                         transaction::ClientEvent&& event);
    boost::system::result<sip::Message> build_invite(SessionRecord& record, CallLeg& leg,
                                                     const std::string& target,
                                                     const std::string& from,
                                                     const CallOptions& options,
                                                     transport::Protocol protocol);
    void on_dialog_hop(SessionRecord& record, CallLeg& leg,
                       const boost::system::result<transport::Destination>& hop,
                       const std::string& to_tag, const std::string& answer);
    /// Sends an ACK (and a BYE) of fork `to_tag` to that fork's next hop.
    void send_fork_ack(CallLeg& leg, const std::string& to_tag, sip::Message ack,
                       std::optional<sip::Message> bye);
    void ack_and_bye_extra_fork(CallLeg& leg, const std::string& to_tag);
    void on_provisional(SessionRecord& record, CallLeg& leg, const sip::Message& response);
    void on_invite_2xx(SessionRecord& record, CallLeg& leg, const sip::Message& response);
    void on_invite_failure(SessionRecord& record, CallLeg& leg, const sip::Message& response);
    void send_cancel(CallLeg& leg);
    void ack_and_bye_fork(const sip::Message& invite, const sip::Message& response,
                          const transport::Destination& destination);

    // In-dialog requests we send (in_dialog.cpp).
    void send_in_dialog(SessionRecord& record, CallLeg& leg, dialog::Dialog& dialog,
                        std::string_view method, transaction::ClientHandler handler,
                        const dialog::RequestOptions& options = {});
    void send_bye(SessionRecord& record, CallLeg& leg);
    /// Where requests and ACKs of the leg's dialog go: its resolved next hop, else where the
    /// dialog-creating INVITE went or came from.
    [[nodiscard]] static transport::Destination dialog_destination(const SessionRecord& record,
                                                                   const CallLeg& leg);
    void on_bye(SessionRecord& record, CallLeg& leg, transaction::ServerTxId tx,
                const sip::Message& bye);
    void on_reinvite(SessionRecord& record, CallLeg& leg, transaction::ServerTxId tx,
                     const sip::Message& invite, const std::optional<std::string>& new_target);

    // Our re-INVITE's attempts and outcome (reinvite.cpp).
    void send_reinvite(SessionRecord& record, CallLeg& leg);
    void on_reinvite_event(SessionRecord& record, CallLeg& leg, transaction::ClientEvent&& event);
    void on_reinvite_2xx(SessionRecord& record, CallLeg& leg, const sip::Message& response);
    void on_reinvite_failure(SessionRecord& record, CallLeg& leg, std::uint16_t status,
                             std::string phrase, TerminationReason if_dialog_ends);
    void retry_reinvite_later(SessionRecord& record, CallLeg& leg);
    void fail_reinvite(CallLeg& leg, boost::system::error_code ec);

    // Incoming calls (incoming_call.cpp).
    void respond(CallLeg& leg, transaction::ServerTxId tx, const sip::Message& request,
                 std::uint16_t status, const transaction::ResponseOptions& options);
    void start_ok_retransmission(SessionRecord& record, CallLeg& leg, transaction::ServerTxId tx,
                                 sip::Message ok);
    /// Our last 2xx to an INVITE still waits for its ACK.
    [[nodiscard]] static bool awaiting_ack(const CallLeg& leg);
    /// Resolves the dialog's next hop into leg.dialog_hop (for BYE, re-INVITE).
    void resolve_dialog_hop(SessionRecord& record, CallLeg& leg);
    void arm_timer(const RecordPtr& record, CallLeg& leg);
    void on_timer(SessionRecord& record, CallLeg& leg);

public:
    // Helpers shared by the flows (manager_core.cpp).
    RecordPtr create_record(ShardIndex shard, CallDirection direction, std::string call_id,
                            std::string local_tag);
    void index_server_tx(const SessionRecord& record, transaction::ServerTxId tx);
    void set_state(SessionRecord& record, CallState state);
    /// Queues an event: on a worker into its shard's outbox (flushed after the current
    /// handler), elsewhere straight into the channel.
    void emit(Event event);
    /// Moves this worker's outbox into the channel now. Runs before any wait completes, so a
    /// waiter finds every event up to the state it waited for.
    void flush_events();
    /// Runs `change` on the record's snapshot under its lock (a template: a std::function of
    /// a lambda capturing a few references allocates).
    template <class Change>
    void update_info(SessionRecord& record, Change&& change) {
        std::lock_guard lock(record.info_mutex);
        change(record.info);
    }
    void on_negotiated(SessionRecord& record, CallLeg& leg);
    /// The end of a session: Terminated, CallTerminated, waits completed, directory entries
    /// and the leg released.
    void finish(SessionRecord& record, Termination termination);
    [[nodiscard]] RecordPtr record_on_shard(ShardIndex shard, SessionId id) const;
    [[nodiscard]] Shard& shard_of(std::string_view call_id);
    /// Our Contact header value for `protocol`, "<sip:user@host:port;transport=...>". Built by
    /// start() once the transports are bound: the call path copies no string for it.
    [[nodiscard]] std::string_view contact_header(transport::Protocol protocol) const {
        return contact_headers_[static_cast<std::size_t>(protocol)];
    }
    [[nodiscard]] std::string local_address() const;
    /// The address our SDP names for RTP.
    [[nodiscard]] std::string rtp_address(const CallLeg& leg) const;
    /// `asked` with each unset member taken from config.media (codecs: default_codecs() when
    /// that is empty too).
    [[nodiscard]] MediaOptions effective_media(const MediaOptions& asked) const;
    /// The port it names: MediaOptions::advertised_rtp_port, else the bound one.
    [[nodiscard]] static std::uint16_t sdp_rtp_port(const MediaOptions& media, const CallLeg& leg);
    /// Where a request inside `dialog` goes first: its first route, else its remote target.
    [[nodiscard]] static std::string next_hop_uri(const dialog::Dialog& dialog);
    std::uint16_t allocate_rtp_port();

    // Media (call_media.cpp).
    /// Binds the RTP port pair our SDP names into leg.call_media (a port number only when the
    /// media engine is off). Errors: errc::no_media_ports.
    boost::system::error_code reserve_media(CallLeg& leg, ShardIndex shard);
    /// After each completed offer/answer: makes, changes or stops the leg's AudioChannel.
    void apply_media(SessionRecord& record, CallLeg& leg);
    /// Stops the channel, gives its ports back and reports MediaStopped.
    void stop_media(SessionRecord& record, CallLeg& leg, std::string_view reason);
    boost::system::error_code play(CallLeg& leg, const std::string& file,
                                   const PlayOptions& options);
    boost::system::error_code record_to(CallLeg& leg, const std::string& file,
                                        const RecordOptions& options);
    boost::system::error_code send_dtmf(CallLeg& leg, std::string_view digits,
                                        const DtmfSendOptions& options);
    void set_muted(CallLeg& leg, bool muted);
    [[nodiscard]] boost::system::result<MediaStats> media_stats(const CallLeg& leg) const;
    /// Brings live_dialogs in line with the dialogs this leg holds now.
    void count_dialogs(CallLeg& leg);
    /// Resolves a URI to the first destination (RFC 3263), with `fallback` as the transport when
    /// the URI names none; `done` runs on the shard, never inside the call.
    void resolve_uri(Shard& shard, std::string_view uri,
                     std::optional<transport::Protocol> fallback,
                     std::function<void(boost::system::result<transport::Destination>)> done);

private:
    bool start_channel(SessionRecord& record, CallLeg& leg, media::AudioChannelConfig settings);
    void fail_media(SessionRecord& record, CallLeg& leg, std::string reason);
    void set_media_state(SessionRecord& record, CallLeg& leg, MediaState state);
    void on_rtp_timeout(SessionRecord& record, CallLeg& leg);
    [[nodiscard]] media::AudioChannelHandlers media_handlers(const RecordPtr& record);

    [[nodiscard]] std::string contact_for(transport::Protocol protocol) const;

    std::array<std::string, 3> contact_headers_;  // by transport::Protocol; set by start()
    media::RtpPortAllocator rtp_ports;
    std::atomic<std::uint64_t> next_id_{1};
    std::atomic<std::size_t> live_sessions_{0};
    std::atomic<std::size_t> live_dialogs_{0};
    std::atomic<std::uint32_t> next_rtp_port_{0};
    std::atomic<bool> running_{false};
    mutable std::mutex links_mutex_;
    std::unordered_multimap<std::string, SessionId> links_;  // linked Call-ID -> sessions
};

}  // namespace sessioncore::session::detail
