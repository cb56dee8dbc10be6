#include "shard.hpp"

#include <spdlog/spdlog.h>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/message_factory.hpp>

namespace sessioncore::transaction {

namespace {

Reliability reliability_of(transport::Protocol protocol) noexcept {
    return transport::is_reliable(protocol) ? Reliability::Reliable : Reliability::Unreliable;
}

RequestSource source_of(const transport::ReceivedMessage& received) noexcept {
    return {received.protocol, received.source, received.connection};
}

std::shared_ptr<spdlog::logger> tx_log() {
    static auto logger = [] {
        auto existing = spdlog::get("tx");
        return existing ? existing : spdlog::default_logger()->clone("tx");
    }();
    return logger;
}

}  // namespace

TransactionLayer::Shard::Shard(ShardIndex index, boost::asio::io_context& io,
                               transport::TransportLayer& transport, const Clock& clock,
                               const ServerHandlers& handlers,
                               const TransactionLayerOptions& options)
    : index_(index),
      io_(io),
      transport_(transport),
      clock_(clock),
      handlers_(handlers),
      options_(options),
      timer_(io) {}

void TransactionLayer::Shard::shut_down() {
    timer_.cancel();
    timer_armed_for_.reset();
}

// --- received messages ---------------------------------------------------------------------

void TransactionLayer::Shard::on_message(transport::ReceivedMessage&& received) {
    if (received.message.is_response())
        return on_response(std::move(received));
    switch (received.message.method()) {
        case sip::Method::Ack:
            return on_ack(std::move(received));
        case sip::Method::Cancel:
            return on_cancel(std::move(received));
        default:
            return on_request(std::move(received));
    }
}

void TransactionLayer::Shard::on_request(transport::ReceivedMessage&& received) {
    // The key is built once here and reused by the lookup, the merge check and the insert
    // (each used to build its own: a string copy of the branch and a hash every time).
    auto key = server_key(received.message);
    if (!key)
        return start_server(std::move(received), std::move(key));  // 503 or tx.unkeyable
    const TimePoint now = clock_.now();
    if (ServerTransaction* tx = servers_.find(received.message, *key)) {
        const std::uint64_t serial = server_serial_by_tx_.at(tx);
        std::visit([&](auto& m) { m.on_request(std::move(received.message), now); }, *tx);
        return drain_server(serial);
    }
    // §8.2.2.2: the same request reached us twice by different paths; refuse the second.
    if (servers_.check_merged(received.message, *key) == MergeVerdict::Merged)
        return answer_in_new_transaction(std::move(received), 482);
    start_server(std::move(received), std::move(key));
}

void TransactionLayer::Shard::on_ack(transport::ReceivedMessage&& received) {
    if (ServerTransaction* tx = servers_.find(received.message)) {
        const std::uint64_t serial = server_serial_by_tx_.at(tx);
        std::visit([&](auto& m) { m.on_request(std::move(received.message), clock_.now()); }, *tx);
        return drain_server(serial);
    }
    // The ACK of a 2xx has no transaction: it is the TU's (RFC 3261 §17.2.3, §13.3.1.4).
    if (handlers_.on_ack)
        handlers_.on_ack(received.message, source_of(received));
}

void TransactionLayer::Shard::on_cancel(transport::ReceivedMessage&& received) {
    if (servers_.find(received.message) != nullptr)
        return on_request(std::move(received));  // a retransmitted CANCEL
    ServerTransaction* invite = servers_.find_cancelled_invite(received.message);
    if (invite == nullptr)
        return answer_in_new_transaction(std::move(received), 481);  // §9.2
    const std::uint64_t invite_serial = server_serial_by_tx_.at(invite);
    const bool pending = std::holds_alternative<ServerInvite>(*invite) &&
                         std::get<ServerInvite>(*invite).state() == ServerInvite::State::Proceeding;
    const sip::Message cancel = received.message.clone();
    answer_in_new_transaction(std::move(received), 200);
    // §9.2: the TU answers the INVITE 487 when it has not sent a final response yet.
    if (pending && handlers_.on_cancel)
        handlers_.on_cancel(ServerTxId{index_, invite_serial}, cancel);
}

void TransactionLayer::Shard::on_response(transport::ReceivedMessage&& received) {
    ClientTransaction* tx = clients_.find(received.message);
    if (tx == nullptr) {
        if (handlers_.on_stray_response)
            handlers_.on_stray_response(received.message);
        return;
    }
    const std::uint64_t serial = client_serial_by_tx_.at(tx);
    std::visit([&](auto& m) { m.on_response(std::move(received.message), clock_.now()); }, *tx);
    drain_client(serial);
}

void TransactionLayer::Shard::on_transport_failure(const transport::TransportFailure& failure) {
    const TimePoint now = clock_.now();
    const ClientKey key{failure.branch, failure.method};
    if (ClientTransaction* tx = clients_.find(key)) {
        const std::uint64_t serial = client_serial_by_tx_.at(tx);
        on_transport_error(*tx, failure.error, now);
        return drain_client(serial);
    }
    // §17.2.4: a response that could not be sent ends its server transaction (an INVITE's
    // TU hears it through on_failure instead of waiting for Timer H).
    auto server = server_serial_by_branch_.find(BranchKey{key.branch, key.method});
    if (server == server_serial_by_branch_.end())
        return;  // an ACK, or a stateless response; nothing waits for it
    const std::uint64_t serial = server->second;
    on_transport_error(*server_records_.at(serial).tx, failure.error, now);
    drain_server(serial);
}

// --- server transactions -------------------------------------------------------------------

std::optional<std::uint64_t> TransactionLayer::Shard::add_server(ServerTransaction tx,
                                                                 ServerKey key,
                                                                 const RequestSource& source) {
    auto inserted = servers_.insert(std::move(tx), std::move(key));
    if (!inserted) {
        tx_log()->warn("tx.insert_failed shard={} reason={}", index_, inserted.error().message());
        return std::nullopt;
    }
    const std::uint64_t serial = next_server_serial_++;
    const ServerKey& stored = *inserted->key;
    if (stored.kind == KeyKind::Rfc3261)
        server_serial_by_branch_.try_emplace(BranchKey{stored.branch, stored.method}, serial);
    server_records_.emplace(serial, ServerRecord{inserted->tx, &stored, source, {}});
    server_serial_by_tx_.emplace(inserted->tx, serial);
    live_.fetch_add(1, std::memory_order_relaxed);
    return serial;
}

void TransactionLayer::Shard::start_server(transport::ReceivedMessage&& received,
                                           boost::system::result<ServerKey>&& key) {
    const RequestSource source = source_of(received);
    if (live() >= options_.max_transactions_per_shard) {
        auto busy = make_response(received.message, 503);
        if (busy) {
            busy->add_header("Retry-After", "5");
            transport_.send_response(std::move(*busy), source.protocol, source.connection);
        }
        return;
    }
    if (!key) {
        tx_log()->info("tx.unkeyable shard={} source={}", index_, source.source.to_string());
        return;
    }
    const TransactionOptions tx_options{.reliability = reliability_of(received.protocol),
                                        .timers = options_.timers};
    const TimePoint now = clock_.now();
    ServerTransaction tx = received.message.method() == sip::Method::Invite
                               ? ServerTransaction{std::in_place_type<ServerInvite>,
                                                   std::move(received.message), now, tx_options}
                               : ServerTransaction{std::in_place_type<ServerNonInvite>,
                                                   std::move(received.message), now, tx_options};
    auto serial = add_server(std::move(tx), std::move(*key), source);
    if (!serial)
        return;
    ServerRecord& record = server_records_.at(*serial);
    if (handlers_.on_request) {
        // The TU may respond() inside the call, and a final response over TCP ends a
        // non-INVITE transaction at once (Timer J is zero, §17.2.2): keep it, and the request
        // the TU reads, until the call returns; the drain below removes it.
        const std::uint64_t outer = dispatching_;
        dispatching_ = *serial;
        handlers_.on_request(ServerTxId{index_, *serial}, request_of(*record.tx), source);
        dispatching_ = outer;
    }
    drain_server(*serial);
}

void TransactionLayer::Shard::answer_in_new_transaction(transport::ReceivedMessage&& received,
                                                        std::uint16_t status) {
    auto response = make_response(received.message, status);
    auto key = server_key(received.message);
    if (!response || !key)
        return;
    const RequestSource source = source_of(received);
    const TransactionOptions tx_options{.reliability = reliability_of(received.protocol),
                                        .timers = options_.timers};
    // A merged INVITE gets its 482 from an INVITE transaction, which absorbs the ACK of it
    // (§17.2.1); a non-INVITE machine refuses an INVITE.
    const TimePoint now = clock_.now();
    ServerTransaction tx = received.message.method() == sip::Method::Invite
                               ? ServerTransaction{std::in_place_type<ServerInvite>,
                                                   std::move(received.message), now, tx_options}
                               : ServerTransaction{std::in_place_type<ServerNonInvite>,
                                                   std::move(received.message), now, tx_options};
    auto serial = add_server(std::move(tx), std::move(*key), source);
    if (serial)
        (void)respond(*serial, std::move(*response));
}

boost::system::error_code TransactionLayer::Shard::respond(std::uint64_t serial,
                                                           sip::Message response) {
    auto found = server_records_.find(serial);
    if (found == server_records_.end())
        return make_error_code(errc::wrong_state);
    const TimePoint now = clock_.now();
    auto ec = std::visit([&](auto& m) { return m.send_response(std::move(response), now); },
                         *found->second.tx);
    drain_server(serial);
    return ec;
}

void TransactionLayer::Shard::drain_server(std::uint64_t serial) {
    for (;;) {
        auto found = server_records_.find(serial);
        if (found == server_records_.end())
            return;
        ServerRecord& record = found->second;
        auto output = poll_output(*record.tx);
        if (!output) {
            if (!terminated(*record.tx))
                return schedule(Side::Server, serial, record.scheduled, next_wake(*record.tx));
            if (serial == dispatching_)
                return;  // the TU's on_request still reads it; start_server drains again
            // The branch index views the table's key: drop it before the key goes.
            if (auto by_branch = server_serial_by_branch_.find(
                    BranchKey{record.key->branch, record.key->method});
                by_branch != server_serial_by_branch_.end() && by_branch->second == serial)
                server_serial_by_branch_.erase(by_branch);
            server_serial_by_tx_.erase(record.tx);
            servers_.erase(*record.key);
            server_records_.erase(found);
            live_.fetch_sub(1, std::memory_order_relaxed);
            return;
        }
        const RequestSource source = record.source;
        if (auto* transmit = std::get_if<Transmit>(&*output)) {
            transport_.send_response(std::move(transmit->message), source.protocol,
                                     source.connection);
        } else if (auto* ack = std::get_if<AckReceived>(&*output)) {
            if (handlers_.on_ack)
                handlers_.on_ack(ack->ack, source);
        } else if (auto* timeout = std::get_if<TimedOut>(&*output)) {
            if (handlers_.on_failure)
                handlers_.on_failure(ServerTxId{index_, serial}, *timeout);
        } else if (auto* failed = std::get_if<TransportFailed>(&*output)) {
            if (handlers_.on_failure)
                handlers_.on_failure(ServerTxId{index_, serial}, *failed);
        }
    }
}

// --- client transactions -------------------------------------------------------------------

ClientTxId TransactionLayer::Shard::send_request(sip::Message request,
                                                 const transport::Destination& destination,
                                                 ClientHandler handler, std::uint64_t serial) {
    const ClientTxId id{index_, serial};
    auto key = client_key(request);
    if (!key) {
        handler(TransportFailed{key.error()});
        return id;
    }
    const TransactionOptions tx_options{.reliability = reliability_of(destination.protocol),
                                        .timers = options_.timers};
    const TimePoint now = clock_.now();
    ClientTransaction tx = request.method() == sip::Method::Invite
                               ? ClientTransaction{std::in_place_type<ClientInvite>,
                                                   std::move(request), now, tx_options}
                               : ClientTransaction{std::in_place_type<ClientNonInvite>,
                                                   std::move(request), now, tx_options};
    auto inserted = clients_.insert(std::move(tx));
    if (!inserted) {
        handler(TransportFailed{inserted.error()});
        return id;
    }
    client_records_.emplace(
        serial, ClientRecord{*inserted, std::move(*key), destination, std::move(handler), {}});
    client_serial_by_tx_.emplace(*inserted, serial);
    live_.fetch_add(1, std::memory_order_relaxed);
    drain_client(serial);
    return id;
}

void TransactionLayer::Shard::drain_client(std::uint64_t serial) {
    for (;;) {
        auto found = client_records_.find(serial);
        if (found == client_records_.end())
            return;
        ClientRecord& record = found->second;
        auto output = poll_output(*record.tx);
        if (!output) {
            if (!terminated(*record.tx))
                return schedule(Side::Client, serial, record.scheduled, next_wake(*record.tx));
            clients_.erase(record.key);
            client_serial_by_tx_.erase(record.tx);
            client_records_.erase(found);
            live_.fetch_sub(1, std::memory_order_relaxed);
            return;
        }
        if (auto* transmit = std::get_if<Transmit>(&*output)) {
            transport_.send_request(std::move(transmit->message), record.destination);
            continue;
        }
        ClientHandler handler = record.handler;  // the record may go while the TU runs
        std::visit(
            [&](auto&& event) {
                using Event = std::decay_t<decltype(event)>;
                if constexpr (!std::is_same_v<Event, Transmit> &&
                              !std::is_same_v<Event, AckReceived>)
                    handler(ClientEvent{std::move(event)});
            },
            std::move(*output));
    }
}

// --- timers ----------------------------------------------------------------------------------

void TransactionLayer::Shard::schedule(Side side, std::uint64_t serial,
                                       std::optional<TimePoint>& scheduled,
                                       std::optional<TimePoint> wake) {
    if (!wake)
        return;
    // One heap entry per transaction at a time: an earlier entry re-schedules when it pops.
    if (scheduled && *scheduled <= *wake)
        return;
    scheduled = wake;
    deadlines_.push(Deadline{*wake, side, serial});
    arm_timer();
}

namespace {

// The shard wakes on a 10 ms grid: a deadline waits for the next grid point, so that the
// transactions ending near one another (the Timer J/K/L/I/D wait states of a burst of calls,
// each 32 s or 5 s after its last message) end in one wake-up and one timerfd re-arm instead of
// one each. RFC 3261 timers are lower bounds; 10 ms is 2 % of T1.
constexpr Duration wake_grain = std::chrono::milliseconds(10);

TimePoint on_wake_grid(TimePoint at) {
    const Duration into = at.time_since_epoch() % wake_grain;
    return into == Duration::zero() ? at : at + (wake_grain - into);
}

}  // namespace

void TransactionLayer::Shard::arm_timer() {
    if (deadlines_.empty())
        return;
    const TimePoint wake = on_wake_grid(deadlines_.top().at);
    if (timer_armed_for_ && *timer_armed_for_ <= wake)
        return;
    timer_armed_for_ = wake;
    timer_.expires_at(wake);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec)
            return;  // re-armed earlier, or shut down
        timer_armed_for_.reset();
        on_timer_fired();
    });
}

void TransactionLayer::Shard::on_timer_fired() {
    const TimePoint now = clock_.now();
    while (!deadlines_.empty() && deadlines_.top().at <= now) {
        const Deadline due_now = deadlines_.top();
        deadlines_.pop();
        if (due_now.side == Side::Client) {
            auto found = client_records_.find(due_now.serial);
            if (found == client_records_.end() || found->second.scheduled != due_now.at)
                continue;  // gone, or a stale entry
            found->second.scheduled.reset();
            on_timer(*found->second.tx, now);
            drain_client(due_now.serial);
        } else {
            auto found = server_records_.find(due_now.serial);
            if (found == server_records_.end() || found->second.scheduled != due_now.at)
                continue;
            found->second.scheduled.reset();
            on_timer(*found->second.tx, now);
            drain_server(due_now.serial);
        }
    }
    arm_timer();
}

}  // namespace sessioncore::transaction
