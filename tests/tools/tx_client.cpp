// tx_client: one request through session-core's transaction layer, for the interop tests that
// need our client side (RFC 3261 §17.1 retransmissions against a SIPp UAS).
//
//   tx_client --to IP:PORT [--method OPTIONS|INVITE] [--transport udp|tcp] [--wait SECONDS]
//
// Prints one line per event ("response 180", "response 486", "timeout B", "transport-error
// ..."). Exit status: 0 when a final response arrived, 1 on timeout or transport failure, 2 on a
// usage error.

#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

#include <sessioncore/base/runtime.hpp>
#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/builder.hpp>
#include <sessioncore/transaction/message_factory.hpp>
#include <sessioncore/transaction/transaction_layer.hpp>
#include <sessioncore/transport/transport.hpp>

namespace sc = sessioncore;
namespace transport = sessioncore::transport;
namespace transaction = sessioncore::transaction;

namespace {

struct Args {
    transport::Endpoint to;
    std::string method = "OPTIONS";
    transport::Protocol protocol = transport::Protocol::Udp;
    int wait_seconds = 40;
};

bool parse_args(int argc, char** argv, Args& args) {
    bool have_to = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i], value = argv[i + 1];
        if (flag == "--to") {
            auto e = transport::Endpoint::from_string(value);
            if (!e || e->port == 0)
                return false;
            args.to = *e;
            have_to = true;
        } else if (flag == "--method" && (value == "OPTIONS" || value == "INVITE")) {
            args.method = value;
        } else if (flag == "--transport" && (value == "udp" || value == "tcp")) {
            args.protocol = value == "udp" ? transport::Protocol::Udp : transport::Protocol::Tcp;
        } else if (flag == "--wait") {
            args.wait_seconds = std::stoi(std::string(value));
        } else {
            return false;
        }
    }
    return have_to && argc % 2 == 1;
}

sc::sip::Message make_request(const Args& args, const transport::Endpoint& local) {
    const std::string target = "sip:service@" + args.to.to_string();
    const std::string via = "SIP/2.0/" + std::string(transport::via_token(args.protocol)) + " " +
                            local.to_string() + ";branch=" + transaction::make_branch() + ";rport";
    auto built =
        sc::sip::MessageBuilder::request(args.method, target)
            .header(sc::sip::HeaderId::Via, via)
            .header(sc::sip::HeaderId::MaxForwards, "70")
            .header(sc::sip::HeaderId::From,
                    "<sip:tx_client@" + local.to_string() + ">;tag=" + transaction::make_tag())
            .header(sc::sip::HeaderId::To, "<" + target + ">")
            .header(sc::sip::HeaderId::CallId, transaction::make_tag() + "@tx_client")
            .header(sc::sip::HeaderId::CSeq, "1 " + args.method)
            .header(sc::sip::HeaderId::Contact, "<sip:tx_client@" + local.to_string() + ">")
            .build();
    return std::move(built).value();
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    if (!parse_args(argc, argv, args)) {
        std::cerr << "usage: tx_client --to IP:PORT [--method OPTIONS|INVITE] "
                     "[--transport udp|tcp] [--wait SECONDS]\n";
        return 2;
    }
    sc::Runtime runtime({.workers = 1});
    sc::SteadyClock clock;
    transport::TransportLayer tp(runtime, clock);
    transaction::TransactionLayer layer(runtime, tp, clock, {});
    transport::Endpoint local = *transport::Endpoint::from_ip("127.0.0.1");
    for (auto protocol : {transport::Protocol::Udp, transport::Protocol::Tcp}) {
        auto bound = tp.listen({protocol, local});
        if (!bound) {
            std::cerr << "tx_client: cannot listen: " << bound.error().message() << "\n";
            return 1;
        }
        if (protocol == args.protocol)
            local = *bound;
    }
    runtime.start();

    std::promise<int> outcome;
    bool decided = false;  // the handler runs on the one worker; later events are only printed
    auto decide = [&](int status) {
        if (!std::exchange(decided, true))
            outcome.set_value(status);
    };
    auto request = make_request(args, local);
    layer.send_request(std::move(request), {args.protocol, args.to},
                       [&](transaction::ClientEvent&& event) {
                           if (auto* r = std::get_if<transaction::ResponseReceived>(&event)) {
                               const auto status = r->response.status_code();
                               std::cout << "response " << status << std::endl;
                               if (status >= 200)
                                   decide(0);
                           } else if (std::get_if<transaction::TimedOut>(&event)) {
                               std::cout << "timeout" << std::endl;
                               decide(1);
                           } else if (auto* f = std::get_if<transaction::TransportFailed>(&event)) {
                               std::cout << "transport-error " << f->error.message() << std::endl;
                               decide(1);
                           }
                       });
    auto result = outcome.get_future();
    int status = 1;
    if (result.wait_for(std::chrono::seconds(args.wait_seconds)) == std::future_status::ready)
        status = result.get();
    else
        std::cout << "no final response within " << args.wait_seconds << " s" << std::endl;
    // Let the ACK of a non-2xx leave before closing (it is sent as the final response arrives).
    tp.close();
    runtime.stop();
    return status;
}
