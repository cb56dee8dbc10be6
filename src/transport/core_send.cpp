// The send path and connection bookkeeping: UDP from the current worker's own socket, stream
// connections reused by (protocol, remote endpoint) on the worker that owns that endpoint.
#include <boost/asio/post.hpp>

#include "layer_impl.hpp"
#include "stream_connection.hpp"
#include "udp_socket.hpp"

namespace sessioncore::transport::detail {

Core::Core(Runtime& rt, const Clock& c, TransportOptions opts)
    : runtime(rt), clock(c), options(std::move(opts)) {
    for (ShardIndex i = 0; i < runtime.workers(); ++i)
        workers.push_back(
            std::make_unique<Worker>(i, runtime.worker(i), options.max_log_lines_per_second));
    namespace ssl = boost::asio::ssl;
    tls_client = std::make_unique<ssl::context>(ssl::context::tls_client);
    if (options.tls.ca_file.empty()) {
        tls_client->set_verify_mode(ssl::verify_none);
    } else {
        boost::system::error_code ec;
        tls_client->load_verify_file(options.tls.ca_file, ec);
        if (ec)
            logger().error("transport.tls_ca_error file={} error=\"{}\"", options.tls.ca_file,
                           ec.message());
        tls_client->set_verify_mode(ssl::verify_peer);
    }
}

bool Core::send_udp(Worker& worker, std::string_view bytes, const Endpoint& to) {
    for (auto& socket : worker.udp) {
        if (socket->local().v6 != to.v6)
            continue;
        bool sent = socket->send_to(bytes, to);
        Counters::add(sent ? worker.counters.messages_sent : worker.counters.send_failures);
        return sent;
    }
    Counters::add(worker.counters.send_failures);
    return false;
}

void Core::send_stream(Worker& worker, Protocol protocol, const Endpoint& to, PendingWrite write) {
    auto& clients = worker.clients[static_cast<int>(protocol)];
    if (auto known = clients.find(to); known != clients.end()) {
        if (auto it = worker.connections.find(known->second);
            it != worker.connections.end() && it->second->is_open()) {
            std::shared_ptr<Connection> connection = it->second;
            Counters::add(worker.counters.messages_sent);
            connection->send(std::move(write));
            return;
        }
        clients.erase(known);
    }
    if (closed.load(std::memory_order_relaxed) || (protocol == Protocol::Tls && !tls_client)) {
        Counters::add(worker.counters.send_failures);
        report_failure(std::move(write.key), boost::asio::error::shut_down);
        return;
    }
    // Connect on demand; writes queue in the connection until it is ready (§18.1.1 reuse).
    auto connection = make_connection(*this, worker, protocol, Side::Client,
                                      boost::asio::ip::tcp::socket(worker.io));
    worker.connections.emplace(connection->id, connection);
    clients[to] = connection->id;
    Counters::add(worker.counters.connections_open);
    Counters::add(worker.counters.messages_sent);
    connection->send(std::move(write));
    start_client(*connection, to);
}

void Core::adopt(Worker& worker, std::shared_ptr<Connection> connection) {
    worker.connections.emplace(connection->id, connection);
    Counters::add(worker.counters.connections_open);
    if (closed.load(std::memory_order_relaxed))
        return connection->close();
    start_accepted(*connection);
}

void Core::forget(Worker& worker, Connection& connection, bool accepted) {
    auto erased = worker.connections.erase(connection.id);
    auto& clients = worker.clients[static_cast<int>(connection.protocol)];
    if (auto it = clients.find(connection.remote);
        it != clients.end() && it->second == connection.id)
        clients.erase(it);
    if (erased != 0 || closed.load(std::memory_order_relaxed))
        Counters::add(worker.counters.connections_open, -1);
    if (!accepted)
        return;
    Endpoint source = connection.remote;
    source.port = 0;
    // The per-source counts belong to the acceptors' worker.
    boost::asio::post(workers[0]->io, [core = shared_from_this(), source] {
        auto it = core->per_source.find(source);
        if (it != core->per_source.end() && --it->second == 0)
            core->per_source.erase(it);
    });
}

void Core::close_worker(Worker& worker) {
    for (auto& socket : worker.udp)
        socket->close();
    worker.udp.clear();
    if (worker.index == 0) {
        for (auto& acceptor : acceptors)
            acceptor->close();
    }
    auto connections = std::move(worker.connections);
    worker.connections.clear();
    for (auto& [id, connection] : connections)
        connection->close();
    for (auto& clients : worker.clients)
        clients.clear();
}

}  // namespace sessioncore::transport::detail
