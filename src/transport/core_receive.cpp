// The receive path: keep-alives, parse + validate, stateless replies to refused input,
// Via received/rport (RFC 3261 §18.2.1, RFC 3581 §4), hand-over to the Call-ID's shard.
#include <boost/asio/post.hpp>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>
#include <sessioncore/transport/via_received.hpp>

#include "layer_impl.hpp"
#include "udp_socket.hpp"

namespace sessioncore::transport::detail {
namespace {

bool only_crlf(std::string_view bytes) noexcept {
    for (char c : bytes)
        if (c != '\r' && c != '\n')
            return false;
    return true;
}

}  // namespace

spdlog::logger& logger() {
    static const std::shared_ptr<spdlog::logger> logger = [] {
        if (auto existing = spdlog::get("transport"))
            return existing;
        auto& sinks = spdlog::default_logger()->sinks();
        auto created = std::make_shared<spdlog::logger>("transport", sinks.begin(), sinks.end());
        try {
            spdlog::register_logger(created);
        } catch (const spdlog::spdlog_ex&) {
            return spdlog::get("transport");  // registered meanwhile by someone else
        }
        return created;
    }();
    return *logger;
}

Worker* Core::current_worker() noexcept {
    ShardIndex shard = runtime.current_shard();
    return shard < workers.size() ? workers[shard].get() : nullptr;
}

void Core::on_datagram(Worker& worker, UdpSocket& socket, std::string_view bytes,
                       const Endpoint& source) {
    if (only_crlf(bytes)) {
        // RFC 5626 §4.4.1 keep-alive over UDP (CRLF form): nothing to answer.
        Counters::add(worker.counters.keep_alive_pings);
        return;
    }
    auto parsed = sip::parse_into(worker.probe, bytes);
    std::optional<sip::Error> refused;
    if (!parsed)
        refused = parsed.error();
    else if (auto valid = sip::validate(worker.probe); !valid)
        refused = valid.error();
    if (refused) {
        if (answer_bad_input(worker, bytes, *refused, worker.reply_scratch)) {
            if (socket.send_to(worker.reply_scratch, source))
                Counters::add(worker.counters.messages_sent);
            else
                Counters::add(worker.counters.send_failures);
        }
        return;
    }
    sip::Message message;
    if (worker.probe.is_request() &&
        rewrite_top_via(worker.probe, source, worker.wire_scratch, worker.via_scratch)) {
        if (!sip::parse_into(message, worker.wire_scratch))
            return;  // cannot happen: only the Via's parameters changed
    } else {
        message = std::move(worker.probe);
        worker.probe = sip::Message{};  // a moved-from Message is not reusable
    }
    deliver(worker, ReceivedMessage{std::move(message), Protocol::Udp, source, socket.local(), 0,
                                    clock.now()});
}

void Core::on_stream_message(Worker& worker, Connection& connection, sip::Message message,
                             const Endpoint& local_endpoint) {
    if (auto valid = sip::validate(message); !valid) {
        // Framing held, so the stream goes on; only this message is refused.
        std::string reply;
        if (answer_bad_input(worker, message.wire(), valid.error(), reply))
            connection.send(PendingWrite{std::move(reply), {}});
        return;
    }
    if (message.is_request() &&
        rewrite_top_via(message, connection.remote, worker.wire_scratch, worker.via_scratch)) {
        sip::Message rewritten;
        if (!sip::parse_into(rewritten, worker.wire_scratch))
            return;
        message = std::move(rewritten);
    }
    deliver(worker, ReceivedMessage{std::move(message), connection.protocol, connection.remote,
                                    local_endpoint, connection.id, clock.now()});
}

bool Core::answer_bad_input(Worker& worker, std::string_view raw, const sip::Error& error,
                            std::string& reply) {
    bool answered = build_stateless_reply(raw, error, reply, worker.reply_headers);
    Counters::add(answered ? worker.counters.bad_answered : worker.counters.bad_dropped);
    if (worker.limiter.allow(clock.now())) {
        logger().info("transport.bad_input error=\"{}\" status={} answered={} suppressed={}",
                      error.message(), error.status(), answered, worker.limiter.take_suppressed());
    }
    return answered;
}

void Core::deliver(Worker& worker, ReceivedMessage received) {
    Counters::add(worker.counters.messages_received);
    auto call_id = received.message.call_id();
    if (!call_id)
        return;  // validate() guarantees one; keep the check cheap and local
    ShardIndex shard = runtime.shard_for(*call_id);
    if (shard == worker.index) {
        if (sink && !closed.load(std::memory_order_relaxed))
            sink(std::move(received));
        return;
    }
    // Another worker owns this Call-ID (DESIGN.md "Runtime model"): hand the message over.
    boost::asio::post(runtime.worker(shard),
                      [core = shared_from_this(), message = std::move(received)]() mutable {
                          if (core->sink && !core->closed.load(std::memory_order_relaxed))
                              core->sink(std::move(message));
                      });
}

void Core::report_failure(FailureKey key, boost::system::error_code ec) {
    if (key.call_id.empty())
        return;
    ShardIndex shard = runtime.shard_for(key.call_id);
    boost::asio::post(runtime.worker(shard),
                      [core = shared_from_this(),
                       failure = TransportFailure{std::move(key.call_id), std::move(key.branch),
                                                  std::move(key.method), ec}] {
                          if (core->failure_sink && !core->closed.load(std::memory_order_relaxed))
                              core->failure_sink(failure);
                      });
}

}  // namespace sessioncore::transport::detail
