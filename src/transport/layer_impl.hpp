#pragma once
// Private to the transport layer: the shared core behind TransportLayer, its per-worker state
// and the connection interface. Asio appears here and in the .cpp files only.

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <spdlog/spdlog.h>

#include <sessioncore/transport/log_limiter.hpp>
#include <sessioncore/transport/stateless_reply.hpp>
#include <sessioncore/transport/transport.hpp>

namespace sessioncore::transport::detail {

/// The "transport" logger (created on first use, sharing the default logger's sinks).
spdlog::logger& logger();

/// Per-worker counters: written by one thread, read by stats() from any (relaxed).
struct Counters {
    std::atomic<std::uint64_t> messages_received{0}, messages_sent{0}, bad_answered{0},
        bad_dropped{0}, keep_alive_pings{0}, connections_open{0}, send_failures{0};
    static void add(std::atomic<std::uint64_t>& c, std::int64_t n = 1) noexcept {
        c.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    }
};

/// What a queued write needs to report its failure to the FailureSink.
struct FailureKey {
    std::string call_id;
    std::string branch;
    std::string method;  // CSeq method
};
struct PendingWrite {
    std::string bytes;
    FailureKey key;
};

class Core;
class UdpSocket;

/// A TCP or TLS connection, owned by its worker's table (and, while in flight, by its
/// handlers). All calls on the owning worker's thread.
class Connection {
public:
    virtual ~Connection() = default;
    virtual void send(PendingWrite write) = 0;
    virtual void close() = 0;
    [[nodiscard]] virtual bool is_open() const noexcept = 0;
    ConnectionId id = 0;
    Protocol protocol = Protocol::Tcp;
    Endpoint remote;
};

/// The state of one worker; touched only on that worker's thread (counters excepted).
struct Worker {
    Worker(ShardIndex i, boost::asio::io_context& context, std::size_t log_lines)
        : index(i), io(context), limiter(log_lines) {}
    ShardIndex index;
    boost::asio::io_context& io;
    std::vector<std::shared_ptr<UdpSocket>> udp;  // one per UDP listener
    std::unordered_map<ConnectionId, std::shared_ptr<Connection>> connections;
    std::unordered_map<Endpoint, ConnectionId> clients[3];  // by Protocol: reuse (§18.1.1)
    LogLimiter limiter;
    Counters counters;
    std::string via_scratch, wire_scratch, reply_scratch, send_scratch;
    ReplyHeaders reply_headers;
    sip::Message probe;  // reused parse target: no allocation for datagrams we drop
};

class Acceptor;

class Core : public std::enable_shared_from_this<Core> {
public:
    Core(Runtime& runtime, const Clock& clock, TransportOptions options);

    Runtime& runtime;
    const Clock& clock;
    const TransportOptions options;
    TransportLayer::MessageSink sink;
    TransportLayer::FailureSink failure_sink;
    std::vector<std::unique_ptr<Worker>> workers;
    std::optional<Endpoint> local[3];  // first listener of each Protocol
    std::vector<std::shared_ptr<Acceptor>> acceptors;
    std::unique_ptr<boost::asio::ssl::context> tls_server, tls_client;
    std::atomic<std::uint64_t> next_connection{1};
    std::atomic<std::uint64_t> connections_refused{0};
    std::atomic<bool> closed{false};
    // Accepted connections per source address; only the acceptors' worker (0) touches it.
    std::unordered_map<Endpoint, std::size_t> per_source;
    std::size_t next_worker = 0;  // round robin of accepted connections (worker 0)

    /// The worker this thread runs, or nullptr off the runtime's threads.
    Worker* current_worker() noexcept;
    ConnectionId make_connection_id(ShardIndex owner) noexcept {
        return (next_connection.fetch_add(1, std::memory_order_relaxed) << 16) | owner;
    }
    static ShardIndex owner_of(ConnectionId id) noexcept { return id & 0xffff; }

    /// A datagram or a framed stream message was received on `worker`: keep-alives, parse
    /// (datagrams), validate, Via processing, stateless replies, hand-over to the sink.
    void on_datagram(Worker& worker, UdpSocket& socket, std::string_view bytes,
                     const Endpoint& source);
    void on_stream_message(Worker& worker, Connection& connection, sip::Message message,
                           const Endpoint& local_endpoint);
    /// Answers refused input if it can (RFC 3261 §8.2 stateless reply); false: dropped.
    bool answer_bad_input(Worker& worker, std::string_view raw, const sip::Error& error,
                          std::string& reply);
    void deliver(Worker& worker, ReceivedMessage message);
    void report_failure(FailureKey key, boost::system::error_code ec);

    /// On `worker`: sends the bytes to `to` over its UDP socket.
    bool send_udp(Worker& worker, std::string_view bytes, const Endpoint& to);
    /// On the worker that owns client connections to `to`: reuse or connect, then write.
    void send_stream(Worker& worker, Protocol protocol, const Endpoint& to, PendingWrite write);
    ShardIndex client_owner(const Endpoint& to) const noexcept {
        return std::hash<Endpoint>{}(to) % workers.size();
    }
    /// Starts a connection accepted by an acceptor, on `worker`.
    void adopt(Worker& worker, std::shared_ptr<Connection> connection);
    void forget(Worker& worker, Connection& connection, bool accepted);

    void close_worker(Worker& worker);
};

}  // namespace sessioncore::transport::detail
