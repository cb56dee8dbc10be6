// TransportLayer: the facade over the shared Core. Set-up (listen), the send entry points that
// move work to the right worker, graceful shutdown and the counters.
#include <future>

#include <boost/asio/post.hpp>

#include <sessioncore/transport/response_route.hpp>
#include <sessioncore/transport/via_sent_by.hpp>

#include "layer_impl.hpp"
#include "stream_connection.hpp"
#include "udp_socket.hpp"

namespace sessioncore::transport {

using detail::Core;
using detail::FailureKey;
using detail::logger;
using detail::PendingWrite;
using detail::Worker;

class TransportLayer::Impl {
public:
    std::shared_ptr<Core> core;
};

namespace {

// Runs `work` on worker `index` and waits for it. When that worker does not run (the runtime
// is stopped or not started), the work runs here after a grace period: nothing else can touch
// the worker's state then.
void run_on(Core& core, ShardIndex index, const std::function<void()>& work) {
    if (core.runtime.current_shard() == index)
        return work();
    struct State {
        std::atomic<bool> claimed{false};
        std::promise<void> done;
    };
    auto state = std::make_shared<State>();
    auto done = state->done.get_future();
    boost::asio::post(core.workers[index]->io, [state, &work] {
        if (!state->claimed.exchange(true))
            work();
        state->done.set_value();
    });
    if (done.wait_for(std::chrono::seconds(2)) == std::future_status::ready)
        return;
    if (!state->claimed.exchange(true))
        return work();
    done.wait();  // it started meanwhile: let it finish
}

FailureKey failure_key(const sip::Message& message) {
    FailureKey key;
    if (auto id = message.call_id())
        key.call_id = std::string(*id);
    if (auto via = message.top_via(); via && via->branch)
        key.branch = std::string(*via->branch);
    if (auto cseq = message.cseq())
        key.method = std::string(cseq->method_name);
    return key;
}

// Runs `work(worker)` on the given worker: inline when already there, else posted.
template <class Work>
void on_worker(Core& core, ShardIndex shard, Work work) {
    if (core.runtime.current_shard() == shard)
        return work(*core.workers[shard]);
    boost::asio::post(core.workers[shard]->io,
                      [c = core.shared_from_this(), shard, w = std::move(work)]() mutable {
                          if (!c->closed.load(std::memory_order_relaxed))
                              w(*c->workers[shard]);
                      });
}

// The FailureKey (three strings) is built from `message` only when it is needed: a UDP send
// that failed, or a stream write, which may fail later. A UDP send that works, the usual
// case, copies nothing.
void send_bytes(Core& core, Worker& worker, Protocol protocol, const Endpoint& to,
                std::string bytes, const sip::Message& message) {
    if (protocol == Protocol::Udp) {
        if (!core.send_udp(worker, bytes, to))
            core.report_failure(failure_key(message), boost::asio::error::network_unreachable);
        return;
    }
    on_worker(
        core, core.client_owner(to),
        [&core, protocol, to, write = PendingWrite{std::move(bytes), failure_key(message)}](
            Worker& owner) mutable { core.send_stream(owner, protocol, to, std::move(write)); });
}

void send_request_on(Core& core, Worker& worker, sip::Message request, Destination destination) {
    Protocol protocol = destination.protocol;
    auto local = core.local[static_cast<int>(protocol)];
    std::string bytes;
    if (!local || !rewrite_sent_by(request, protocol, *local, bytes, worker.via_scratch)) {
        detail::Counters::add(worker.counters.send_failures);
        return core.report_failure(failure_key(request),
                                   boost::asio::error::operation_not_supported);
    }
    // RFC 3261 §18.1.1: a request over the MTU limit goes over a congestion-controlled
    // transport when we have one.
    auto tcp = core.local[static_cast<int>(Protocol::Tcp)];
    if (protocol == Protocol::Udp && bytes.size() > core.options.udp_mtu_limit && tcp) {
        protocol = Protocol::Tcp;
        rewrite_sent_by(request, protocol, *tcp, bytes, worker.via_scratch);
    }
    send_bytes(core, worker, protocol, destination.endpoint, std::move(bytes), request);
}

void respond_on(Core& core, Worker& worker, sip::Message response, Protocol protocol,
                ConnectionId connection_id) {
    if (is_reliable(protocol) && connection_id != 0 &&
        Core::owner_of(connection_id) == worker.index) {
        auto it = worker.connections.find(connection_id);
        if (it != worker.connections.end() && it->second->is_open()) {
            detail::Counters::add(worker.counters.messages_sent);
            std::shared_ptr<detail::Connection> connection = it->second;
            return connection->send(PendingWrite{response.encode(), failure_key(response)});
        }
    }
    auto via = response.top_via();
    if (!via)
        return core.report_failure(failure_key(response), boost::asio::error::invalid_argument);
    ResponseRoute route = route_response(*via, protocol, ConnectionState::Closed);
    auto to = Endpoint::from_ip(route.host, route.port);
    if (!to) {
        // A domain name in the Via needs RFC 3263 §5 resolution, which is the resolver's.
        detail::Counters::add(worker.counters.send_failures);
        return core.report_failure(failure_key(response), boost::asio::error::host_not_found);
    }
    if (protocol == Protocol::Udp) {
        // Encoded into the worker's scratch buffer: the datagram leaves before we return.
        std::string& bytes = worker.send_scratch;
        bytes.resize(response.encoded_size());
        bytes.resize(response.encode_to(bytes));
        if (!core.send_udp(worker, bytes, *to))
            core.report_failure(failure_key(response), boost::asio::error::network_unreachable);
        return;
    }
    send_bytes(core, worker, protocol, *to, response.encode(), response);
}

}  // namespace

TransportLayer::TransportLayer(Runtime& runtime, const Clock& clock, TransportOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->core = std::make_shared<Core>(runtime, clock, std::move(options));
}

TransportLayer::~TransportLayer() {
    close();
}

void TransportLayer::set_message_sink(MessageSink sink) {
    impl_->core->sink = std::move(sink);
}

void TransportLayer::set_failure_sink(FailureSink sink) {
    impl_->core->failure_sink = std::move(sink);
}

boost::system::result<Endpoint> TransportLayer::listen(const ListenSpec& spec) {
    Core& core = *impl_->core;
    auto& first = core.local[static_cast<int>(spec.protocol)];
    if (spec.protocol == Protocol::Udp) {
        Endpoint address = spec.address;
        std::vector<std::shared_ptr<detail::UdpSocket>> sockets;
        for (auto& worker : core.workers) {
            auto socket = std::make_shared<detail::UdpSocket>(core, *worker);
            if (auto ec = socket->bind(address))
                return ec;
            address = socket->local();  // the others share the port the first one got
            sockets.push_back(std::move(socket));
        }
        for (std::size_t i = 0; i < sockets.size(); ++i) {
            core.workers[i]->udp.push_back(sockets[i]);
            boost::asio::post(core.workers[i]->io, [s = sockets[i]] { s->start(); });
        }
        if (!first)
            first = address;
        logger().info("transport.listen protocol=UDP address={} workers={}", address.to_string(),
                      sockets.size());
        return address;
    }
    if (spec.protocol == Protocol::Tls) {
        namespace ssl = boost::asio::ssl;
        auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
        boost::system::error_code ec;
        context->use_certificate_chain_file(core.options.tls.certificate_file, ec);
        if (!ec)
            context->use_private_key_file(core.options.tls.private_key_file, ssl::context::pem, ec);
        if (ec)
            return ec;
        core.tls_server = std::move(context);
    }
    auto acceptor = std::make_shared<detail::Acceptor>(core, spec.protocol);
    if (auto ec = acceptor->listen(spec.address))
        return ec;
    core.acceptors.push_back(acceptor);
    boost::asio::post(core.workers[0]->io, [acceptor] { acceptor->start(); });
    if (!first)
        first = acceptor->local();
    logger().info("transport.listen protocol={} address={}", via_token(spec.protocol),
                  acceptor->local().to_string());
    return acceptor->local();
}

std::optional<Endpoint> TransportLayer::local_endpoint(Protocol protocol) const {
    return impl_->core->local[static_cast<int>(protocol)];
}

void TransportLayer::send_request(sip::Message request, const Destination& destination) {
    Core& core = *impl_->core;
    ShardIndex shard = core.runtime.current_shard();
    if (shard >= core.workers.size()) {  // not on a worker: the Call-ID's shard sends it
        auto id = request.call_id();
        shard = core.runtime.shard_for(id ? *id : std::string_view{});
    }
    on_worker(core, shard, [&core, m = std::move(request), destination](Worker& w) mutable {
        send_request_on(core, w, std::move(m), destination);
    });
}

void TransportLayer::send_response(sip::Message response, const ReceivedMessage& request) {
    send_response(std::move(response), request.protocol, request.connection);
}

void TransportLayer::send_response(sip::Message response, Protocol protocol,
                                   ConnectionId connection) {
    Core& core = *impl_->core;
    ShardIndex shard = core.runtime.current_shard();
    if (is_reliable(protocol) && connection != 0) {
        shard = Core::owner_of(connection);  // the connection's owner writes on it
    } else if (shard >= core.workers.size()) {
        auto id = response.call_id();
        shard = core.runtime.shard_for(id ? *id : std::string_view{});
    }
    on_worker(core, shard,
              [&core, m = std::move(response), protocol, connection](Worker& w) mutable {
                  respond_on(core, w, std::move(m), protocol, connection);
              });
}

void TransportLayer::stop_accepting() {
    Core& core = *impl_->core;
    run_on(core, 0, [&core] {
        for (auto& acceptor : core.acceptors)
            acceptor->close();
    });
}

void TransportLayer::close() {
    Core& core = *impl_->core;
    if (core.closed.exchange(true))
        return;
    for (ShardIndex i = 0; i < core.workers.size(); ++i)
        run_on(core, i, [&core, i] { core.close_worker(*core.workers[i]); });
    logger().info("transport.closed");
}

TransportStats TransportLayer::stats() const {
    const Core& core = *impl_->core;
    TransportStats s;
    auto get = [](const std::atomic<std::uint64_t>& c) {
        return c.load(std::memory_order_relaxed);
    };
    for (const auto& worker : core.workers) {
        const auto& c = worker->counters;
        s.messages_received += get(c.messages_received);
        s.messages_sent += get(c.messages_sent);
        s.bad_messages_answered += get(c.bad_answered);
        s.bad_messages_dropped += get(c.bad_dropped);
        s.keep_alive_pings += get(c.keep_alive_pings);
        s.connections_open += get(c.connections_open);
        s.send_failures += get(c.send_failures);
    }
    s.connections_refused = get(core.connections_refused);
    return s;
}

}  // namespace sessioncore::transport
