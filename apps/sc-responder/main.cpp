// sc-responder: a small SIP UAS on session-core's transaction layer (see --help).
// Exit status: 0 after a signal, 1 when a listener cannot be opened, 2 on a usage error.

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/base/runtime.hpp>
#include <sessioncore/base/time.hpp>
#include <sessioncore/transaction/transaction_layer.hpp>
#include <sessioncore/transport/transport.hpp>

#include "options.hpp"
#include "responder.hpp"

namespace sc = sessioncore;
namespace transport = sessioncore::transport;

namespace {

bool open_listeners(transport::TransportLayer& layer, const sc::responder::Options& options) {
    std::vector<transport::ListenSpec> specs = {{transport::Protocol::Udp, options.bind},
                                                {transport::Protocol::Tcp, options.bind}};
    if (options.tls_port) {
        transport::Endpoint tls = options.bind;
        tls.port = *options.tls_port;
        specs.push_back({transport::Protocol::Tls, tls});
    }
    std::string listening;
    for (const auto& spec : specs) {
        auto bound = layer.listen(spec);
        if (!bound) {
            std::cerr << "sc-responder: cannot listen on " << transport::via_token(spec.protocol)
                      << " " << spec.address.to_string() << ": " << bound.error().message() << "\n";
            return false;
        }
        listening +=
            " " + std::string(transport::via_token(spec.protocol)) + ":" + bound->to_string();
    }
    std::cout << "sc-responder: listening on" << listening << std::endl;
    return true;
}

// Waits for SIGINT/SIGTERM on the calling thread. The first starts a graceful shutdown: new
// connections and requests are refused (503) while open transactions finish, for at most the
// drain timeout; a second signal ends it at once.
void wait_for_shutdown(sc::transaction::TransactionLayer& layer, transport::TransportLayer& tp,
                       sc::responder::Responder& responder, std::chrono::seconds drain_timeout) {
    boost::asio::io_context io;
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    boost::asio::steady_timer poll(io);
    bool draining = false;
    auto deadline = std::chrono::steady_clock::now();

    std::function<void()> check = [&] {
        if (layer.live_transactions() == 0 || std::chrono::steady_clock::now() >= deadline)
            return io.stop();
        poll.expires_after(std::chrono::milliseconds(50));
        poll.async_wait([&](const boost::system::error_code& ec) {
            if (!ec)
                check();
        });
    };
    std::function<void(const boost::system::error_code&, int)> on_signal =
        [&](const boost::system::error_code& ec, int) {
            if (ec)
                return;
            if (draining)
                return io.stop();
            draining = true;
            responder.refuse_new_requests();
            tp.stop_accepting();
            deadline = std::chrono::steady_clock::now() + drain_timeout;
            std::cout << "sc-responder: draining " << layer.live_transactions()
                      << " transaction(s); signal again to stop now" << std::endl;
            signals.async_wait(on_signal);
            check();
        };
    signals.async_wait(on_signal);
    io.run();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    auto parsed = sc::responder::parse_options(args);
    if (!parsed.options) {
        (parsed.help ? std::cout : std::cerr) << parsed.message << (parsed.help ? "" : "\n");
        return parsed.help ? 0 : 2;
    }
    const auto& options = *parsed.options;
    try {
        sc::Runtime runtime({.workers = options.workers});
        sc::SteadyClock clock;
        transport::TransportOptions transport_options;
        transport_options.tls.certificate_file = options.tls_cert;
        transport_options.tls.private_key_file = options.tls_key;
        transport::TransportLayer tp(runtime, clock, transport_options);
        sc::responder::Responder responder(runtime, options);
        sc::transaction::TransactionLayerOptions layer_options;
        layer_options.timers.t1 = options.t1;
        layer_options.timers.t4 = options.t4;
        layer_options.timers.t2 = std::max<sc::Duration>(layer_options.timers.t2, options.t1);
        sc::transaction::TransactionLayer layer(runtime, tp, clock, responder.handlers(),
                                                layer_options);
        responder.attach(layer);
        if (!open_listeners(tp, options))
            return 1;
        runtime.start();
        wait_for_shutdown(layer, tp, responder, options.drain_timeout);
        const std::size_t live = layer.live_transactions();
        const auto stats = tp.stats();
        tp.close();
        runtime.stop();
        responder.cancel_timers();
        std::cout << "sc-responder: stopped live_transactions=" << live
                  << " received=" << stats.messages_received << " sent=" << stats.messages_sent
                  << " bad_answered=" << stats.bad_messages_answered
                  << " bad_dropped=" << stats.bad_messages_dropped << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "sc-responder: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
