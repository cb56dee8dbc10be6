#pragma once
// The SIP transport layer (RFC 3261 §18): UDP, TCP and TLS listeners and client connections,
// stream framing, Via received/rport on requests (RFC 3581), response routing (§18.2.2),
// CRLF keep-alive (RFC 5626 §4.4.1), stateless 400 for unparsable requests, limits.
//
// Threading (DESIGN.md "Runtime model"): sockets live on the Runtime's workers. A received
// message is parsed on the worker that read it, then handed to the worker that owns its Call-ID
// (Runtime::shard_for) with post(); the sink is called there. send_*() may be called from any
// worker; the work is posted to the worker that owns the socket when needed.
//
// The public header is pimpl: no Asio here.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <sessioncore/base/runtime.hpp>
#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::transport {

/// Identifies one stream connection (TCP/TLS) for the lifetime of the TransportLayer;
/// 0 for datagrams.
using ConnectionId = std::uint64_t;

/// A message the transport received, parsed and validated (sip::validate passed).
/// For requests, the top Via already carries `received` / the `rport` value (RFC 3581 §4).
struct ReceivedMessage {
    sip::Message message;
    Protocol protocol = Protocol::Udp;
    Endpoint source;  ///< where the bytes came from
    Endpoint local;   ///< the local socket's address
    ConnectionId connection = 0;
    TimePoint received_at{};
};

/// Where to send a request: resolved already (see resolver.hpp).
struct Destination {
    Protocol protocol = Protocol::Udp;
    Endpoint endpoint;
};

/// What the layer above hears about: a message, or a send that failed after the call returned
/// (connection refused / reset, TLS handshake failure), so a transaction can tell its TU
/// (RFC 3261 §17.1.4). Called on the shard given by `call_id` of the failed message.
struct TransportFailure {
    std::string call_id;
    std::string branch;  ///< top Via branch of the message that failed
    std::string method;  ///< its CSeq method: with the branch, the client transaction key
    boost::system::error_code error;
};

struct TlsOptions {
    std::string certificate_file;  ///< PEM chain; empty: no TLS listener
    std::string private_key_file;  ///< PEM
    std::string ca_file;           ///< client side: verify peers against this; empty: no verify
};

struct TransportOptions {
    std::uint16_t udp_mtu_limit = 1300;       ///< larger requests go over TCP (RFC 3261 §18.1.1)
    int udp_socket_buffer = 4 * 1024 * 1024;  ///< SO_RCVBUF/SO_SNDBUF asked for each UDP socket
    std::size_t max_connections_per_source = 64;
    std::size_t max_buffered_per_connection = 128 * 1024;  ///< bytes not yet framed
    Duration idle_timeout = std::chrono::minutes(5);       ///< stream with no traffic is closed
    /// After a framing error a stream is read no more and closed this much later, so answers to
    /// the requests framed before the error can still be written to it.
    Duration error_close_delay = std::chrono::seconds(1);
    std::size_t max_log_lines_per_second = 10;  ///< bad-input log lines, rate-limited
    TlsOptions tls;
};

struct ListenSpec {
    Protocol protocol = Protocol::Udp;
    Endpoint address;  ///< port 0: pick one (see local_endpoint())
};

/// Counters, readable from any thread (relaxed atomics inside; this is a snapshot).
struct TransportStats {
    std::uint64_t messages_received = 0;
    std::uint64_t messages_sent = 0;
    std::uint64_t bad_messages_answered = 0;  ///< 4xx/5xx sent statelessly for unparsable input
    std::uint64_t bad_messages_dropped = 0;   ///< unparsable and unanswerable
    std::uint64_t keep_alive_pings = 0;
    std::uint64_t connections_open = 0;
    std::uint64_t connections_refused = 0;  ///< over max_connections_per_source
    std::uint64_t send_failures = 0;
};

class TransportLayer {
public:
    using MessageSink = std::function<void(ReceivedMessage&&)>;
    using FailureSink = std::function<void(const TransportFailure&)>;

    TransportLayer(Runtime& runtime, const Clock& clock, TransportOptions options = {});
    ~TransportLayer();  // closes every socket
    TransportLayer(const TransportLayer&) = delete;
    TransportLayer& operator=(const TransportLayer&) = delete;

    /// Must be set before listen(); called on the Call-ID's shard.
    void set_message_sink(MessageSink sink);
    void set_failure_sink(FailureSink sink);

    /// Opens a listener (UDP: one SO_REUSEPORT socket per worker; TCP/TLS: one acceptor).
    /// Errors: the bind/listen error (address in use, ...), or TLS files that do not load.
    boost::system::result<Endpoint> listen(const ListenSpec& spec);
    /// The bound address of the first listener of that protocol (port filled in).
    [[nodiscard]] std::optional<Endpoint> local_endpoint(Protocol protocol) const;

    /// Sends a request. Rewrites the top Via's sent-protocol and sent-by to the local listener
    /// actually used (the switch to TCP for a UDP request over udp_mtu_limit changes both);
    /// other Via parameters (branch, rport) are the caller's. Reuses an open connection to the
    /// destination or opens one. Failures after return reach the FailureSink.
    void send_request(sip::Message request, const Destination& destination);

    /// Sends a response to a request we received, routed per RFC 3261 §18.2.2: over the
    /// request's connection while it is open, else to the top Via's received/rport/sent-by.
    void send_response(sip::Message response, const ReceivedMessage& request_context);
    /// As above when only the response is at hand (its top Via decides; the connection when
    /// still open is used for reliable transports).
    void send_response(sip::Message response, Protocol protocol, ConnectionId connection);

    /// Graceful shutdown, step 1: close the acceptors (new connections are refused); open
    /// connections and UDP sockets keep working.
    void stop_accepting();
    /// Closes every socket and connection now.
    void close();

    [[nodiscard]] TransportStats stats() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sessioncore::transport
