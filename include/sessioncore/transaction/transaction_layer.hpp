#pragma once
// The driver of the transaction layer: runs the sans-IO machines of this folder over the
// transport, with one timer per shard, and gives the layer above (the TU) one API:
//   client: send_request() → responses, timeouts and transport failures to a handler;
//   server: on_request() for each new server transaction → respond(); stateless replies.
// It holds no protocol logic of its own beyond RFC 3261 §9.2 (CANCEL), §8.2.2.2 (482) and
// §17.2.3 (ACK routing), which need the table of the shard.
//
// Threading: every transaction lives on the shard of its Call-ID (Runtime::shard_for). The
// handlers run there. The TU calls send_request()/respond() on that shard (cheap, no lock) or
// from any other thread (the call is posted there).
//
// Pimpl: no Asio in this header.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <variant>

#include <boost/system/error_code.hpp>

#include <sessioncore/base/runtime.hpp>
#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/output.hpp>
#include <sessioncore/transaction/timers.hpp>
#include <sessioncore/transport/transport.hpp>

namespace sessioncore::transaction {

/// Where a request came from: enough to route responses to it (RFC 3261 §18.2.2).
struct RequestSource {
    transport::Protocol protocol = transport::Protocol::Udp;
    transport::Endpoint source;
    transport::ConnectionId connection = 0;
};

/// A server transaction, as the TU names it. Valid until the transaction terminates; using it
/// after that is harmless (respond() returns errc::wrong_state).
struct ServerTxId {
    ShardIndex shard = 0;
    std::uint64_t serial = 0;
    friend bool operator==(const ServerTxId&, const ServerTxId&) = default;
};

/// A client transaction, as the TU names it.
struct ClientTxId {
    ShardIndex shard = 0;
    std::uint64_t serial = 0;
    friend bool operator==(const ClientTxId&, const ClientTxId&) = default;
};

/// What a client transaction tells its TU: ResponseReceived (every provisional, the final, and
/// 2xx retransmissions while Accepted), TimedOut (Timer B/F: treat as 408), TimerCFired,
/// TransportFailed. The transaction is gone after TimedOut and TransportFailed.
using ClientEvent = std::variant<ResponseReceived, TimedOut, TimerCFired, TransportFailed>;
using ClientHandler = std::function<void(ClientEvent&&)>;

/// What the layer tells the TU about server transactions and requests outside them.
struct ServerHandlers {
    /// A new request (not ACK, not a CANCEL the layer answered itself). Answer it with respond().
    std::function<void(ServerTxId, const sip::Message& request, const RequestSource&)> on_request;
    /// An ACK for a 2xx: it has no transaction (RFC 3261 §17.2.3, RFC 6026 §7.1); also ACKs that
    /// reached an INVITE transaction in its Accepted state.
    std::function<void(const sip::Message& ack, const RequestSource&)> on_ack;
    /// A CANCEL matched this pending INVITE transaction. The layer has answered the CANCEL 200
    /// (§9.2); the TU should now answer the INVITE 487.
    std::function<void(ServerTxId invite, const sip::Message& cancel)> on_cancel;
    /// A server INVITE gave up waiting for the ACK (Timer H) or could not send (transport).
    std::function<void(ServerTxId, const std::variant<TimedOut, TransportFailed>&)> on_failure;
    /// A response that matched no client transaction (e.g. a 2xx retransmission after Timer M,
    /// the TU's business per RFC 3261 §13.2.2.4). May be empty: such responses are dropped.
    std::function<void(const sip::Message& response)> on_stray_response;
};

struct TransactionLayerOptions {
    TimerConfig timers{};
    /// Every new INVITE server transaction answers 100 Trying itself after timers.trying_delay
    /// unless the TU has sent a provisional (RFC 3261 §17.2.1).
    std::size_t max_transactions_per_shard = 1'000'000;  ///< beyond: 503 statelessly
};

class TransactionLayer {
public:
    /// Takes over the transport's message and failure sinks: construct it before listen().
    /// `handlers` are copied to every shard. `clock` must be the steady clock the workers'
    /// timers run on (SteadyClock).
    TransactionLayer(Runtime& runtime, transport::TransportLayer& transport, const Clock& clock,
                     ServerHandlers handlers, TransactionLayerOptions options = {});
    /// Precondition: the transport is closed (TransportLayer::close(): no sink runs any more)
    /// and the runtime's workers have stopped (Runtime::stop()), so that no timer, posted call
    /// or handler reaches a shard while it goes.
    ~TransactionLayer();
    TransactionLayer(const TransactionLayer&) = delete;
    TransactionLayer& operator=(const TransactionLayer&) = delete;

    /// Starts a client transaction for `request` (INVITE or any non-INVITE but ACK) towards
    /// `destination`; `handler` runs on the Call-ID's shard for each event. The request must
    /// carry a top Via with a branch (make_branch()); the transport fills in its sent-by.
    /// An ACK for a 2xx is not a transaction: send it with send_ack().
    ClientTxId send_request(sip::Message request, const transport::Destination& destination,
                            ClientHandler handler);
    /// Sends a request outside any transaction (the ACK for a 2xx, RFC 3261 §13.2.2.4).
    void send_ack(sip::Message ack, const transport::Destination& destination);

    /// The TU's response in a server transaction. Errors: errc::wrong_state (a second final
    /// response, or the transaction is gone), errc::wrong_kind. From another thread the call is
    /// posted and the error is only logged.
    boost::system::error_code respond(ServerTxId tx, sip::Message response);
    /// A response outside any transaction (stateless, RFC 3261 §8.2.6/§16.11).
    void send_stateless(sip::Message response, const RequestSource& to);

    /// Live transactions over all shards (client + server), Terminated ones removed.
    [[nodiscard]] std::size_t live_transactions() const noexcept;

private:
    class Shard;
    Runtime& runtime_;
    transport::TransportLayer& transport_;
    std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace sessioncore::transaction
