// Resolver over real sockets: c-ares is pointed at a tiny DNS server written here (UDP on
// 127.0.0.1, port 0), so nothing depends on the machine's DNS or /etc/hosts.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <gtest/gtest.h>

#include <sessioncore/transport/resolver.hpp>

namespace sessioncore::transport {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::udp;

// ---- A DNS server for the tests (RFC 1035 §4.1: header, question, answer RRs) -------------

struct Records {
    std::vector<asio::ip::address_v4> a;
    std::vector<asio::ip::address_v6> aaaa;
};

constexpr std::uint16_t type_a = 1;
constexpr std::uint16_t type_aaaa = 28;
constexpr std::uint8_t rcode_nxdomain = 3;

class TinyDnsServer {
public:
    /// Answering::No binds the socket and never reads it: a server that never answers.
    enum class Answering { Yes, No };

    TinyDnsServer(asio::io_context& io, Answering answering = Answering::Yes)
        : socket_(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        zone_["sip.test"] = {{asio::ip::make_address_v4("127.0.0.1")},
                             {asio::ip::make_address_v6("::1")}};
        zone_["v4only.test"] = {{asio::ip::make_address_v4("127.0.0.2")}, {}};
        zone_["empty.test"] = {};  // exists, no address records: NOERROR with no answer
        if (answering == Answering::Yes)
            receive();
    }

    /// Queries for these names are read and dropped.
    void ignore(const std::string& name) { ignored_.insert(name); }

    [[nodiscard]] Endpoint endpoint() const {
        Endpoint e;
        e.bytes = {127, 0, 0, 1};
        e.port = socket_.local_endpoint().port();
        return e;
    }
    [[nodiscard]] int queries() const { return queries_; }

private:
    void receive() {
        socket_.async_receive_from(asio::buffer(buffer_), peer_,
                                   [this](boost::system::error_code ec, std::size_t size) {
                                       if (ec)
                                           return;
                                       ++queries_;
                                       answer(size);
                                       receive();
                                   });
    }

    void answer(std::size_t size) {
        // Header (12 bytes), then one question: QNAME labels, QTYPE, QCLASS.
        if (size < 12 + 5)
            return;
        std::size_t at = 12;
        std::string name;
        while (at < size && buffer_[at] != 0) {
            const std::size_t length = buffer_[at++];
            if (at + length > size)
                return;
            if (!name.empty())
                name += '.';
            for (std::size_t i = 0; i < length; ++i)
                name += static_cast<char>(std::tolower(buffer_[at + i]));
            at += length;
        }
        if (at + 5 > size)
            return;
        at += 1;  // the root label
        const std::uint16_t qtype = static_cast<std::uint16_t>(buffer_[at] << 8 | buffer_[at + 1]);
        const std::size_t question_end = at + 4;
        if (ignored_.count(name) != 0)
            return;

        std::vector<std::uint8_t> reply(buffer_.begin(), buffer_.begin() + question_end);
        const auto found = zone_.find(name);
        // QR=1, opcode and RD copied, AA=1; RA=1; RCODE.
        reply[2] = static_cast<std::uint8_t>(0x80 | (buffer_[2] & 0x79) | 0x04);
        reply[3] = static_cast<std::uint8_t>(0x80 | (found == zone_.end() ? rcode_nxdomain : 0));
        reply[4] = 0, reply[5] = 1;                                             // QDCOUNT
        reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;  // AN, NS, AR
        std::uint16_t answers = 0;
        if (found != zone_.end()) {
            if (qtype == type_a)
                for (const auto& a : found->second.a)
                    add_answer(reply, type_a, a.to_bytes().data(), 4, answers);
            if (qtype == type_aaaa)
                for (const auto& a : found->second.aaaa)
                    add_answer(reply, type_aaaa, a.to_bytes().data(), 16, answers);
        }
        reply[6] = static_cast<std::uint8_t>(answers >> 8);
        reply[7] = static_cast<std::uint8_t>(answers & 0xff);
        socket_.send_to(asio::buffer(reply), peer_);
    }

    static void add_answer(std::vector<std::uint8_t>& reply, std::uint16_t type,
                           const std::uint8_t* data, std::uint8_t length, std::uint16_t& answers) {
        const std::uint8_t head[] = {
            0xc0,
            12,  // NAME: pointer to the question's QNAME (RFC 1035 §4.1.4)
            static_cast<std::uint8_t>(type >> 8),
            static_cast<std::uint8_t>(type & 0xff),
            0,
            1,  // CLASS IN
            0,
            0,
            0,
            60,  // TTL
            0,
            length,  // RDLENGTH
        };
        reply.insert(reply.end(), std::begin(head), std::end(head));
        reply.insert(reply.end(), data, data + length);
        ++answers;
    }

    udp::socket socket_;
    udp::endpoint peer_;
    std::array<std::uint8_t, 512> buffer_{};
    std::map<std::string, Records> zone_;
    std::set<std::string> ignored_;
    int queries_ = 0;
};

// ---- Helpers -------------------------------------------------------------------------------

std::string to_text(const Destination& d) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(d.endpoint.v6 ? AF_INET6 : AF_INET, d.endpoint.bytes.data(), text, sizeof text);
    const char* protocol = d.protocol == Protocol::Udp   ? "UDP"
                           : d.protocol == Protocol::Tcp ? "TCP"
                                                         : "TLS";
    const std::string host = d.endpoint.v6 ? "[" + std::string(text) + "]" : std::string(text);
    return std::string(protocol) + " " + host + ":" + std::to_string(d.endpoint.port);
}

/// Destinations as sorted text: the order of A vs AAAA results is c-ares's (RFC 6724), which
/// depends on the machine's addresses, so these tests compare the set.
std::vector<std::string> sorted_text(const Resolver::Destinations& destinations) {
    std::vector<std::string> out;
    for (const auto& d : destinations)
        out.push_back(to_text(d));
    std::sort(out.begin(), out.end());
    return out;
}

struct Outcome {
    std::optional<boost::system::result<Resolver::Destinations>> result;
    int calls = 0;
    [[nodiscard]] bool done() const { return calls > 0; }
};

Resolver::Handler record(Outcome& outcome) {
    return [&outcome](boost::system::result<Resolver::Destinations> r) {
        ++outcome.calls;
        outcome.result = std::move(r);
    };
}

/// Runs `io` until `outcome` is done or `limit` passes (STYLE.md §5 loopback loop).
bool run_until_done(asio::io_context& io, const Outcome& outcome, std::chrono::seconds limit = 3s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!outcome.done() && std::chrono::steady_clock::now() < end) {
        if (io.stopped())
            io.restart();
        io.run_one_for(10ms);
    }
    return outcome.done();
}

ResolverOptions options_for(const TinyDnsServer& server) {
    return {.name_servers = {server.endpoint()},
            .timeout = 500ms,
            .tries = 1,
            .hosts_file = HostsFile::Ignore};
}

// ---- Tests ---------------------------------------------------------------------------------

TEST(ResolverLoopback, NameResolvesToBothFamiliesAtTheUriPort) {
    asio::io_context io;
    TinyDnsServer server(io);
    Resolver resolver(io, options_for(server));
    ASSERT_FALSE(resolver.init_error()) << resolver.init_error().message();

    Outcome outcome;
    resolver.resolve({Scheme::Sip, "sip.test", 5070, Protocol::Tcp}, record(outcome));
    EXPECT_FALSE(outcome.done());  // never called inside resolve()
    ASSERT_TRUE(run_until_done(io, outcome));
    ASSERT_TRUE(*outcome.result) << outcome.result->error().message();
    EXPECT_EQ(sorted_text(**outcome.result),
              (std::vector<std::string>{"TCP 127.0.0.1:5070", "TCP [::1]:5070"}));
    EXPECT_GE(server.queries(), 2);  // A and AAAA
    EXPECT_EQ(resolver.pending(), 0u);
}

TEST(ResolverLoopback, LookedUpNamesTakeTheDefaults) {
    struct Case {
        const char* name;
        ResolveTarget target;
        std::vector<std::string> expected;
    };
    const Case cases[] = {
        {"sip", {Scheme::Sip, "sip.test", {}, {}}, {"UDP 127.0.0.1:5060", "UDP [::1]:5060"}},
        {"sips", {Scheme::Sips, "sip.test", {}, {}}, {"TLS 127.0.0.1:5061", "TLS [::1]:5061"}},
        {"sips_tcp_port",
         {Scheme::Sips, "SIP.Test", 5999, Protocol::Tcp},
         {"TLS 127.0.0.1:5999", "TLS [::1]:5999"}},
        {"v4_only", {Scheme::Sip, "v4only.test", {}, {}}, {"UDP 127.0.0.2:5060"}},
    };
    asio::io_context io;
    TinyDnsServer server(io);
    Resolver resolver(io, options_for(server));
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Outcome outcome;
        resolver.resolve(c.target, record(outcome));
        ASSERT_TRUE(run_until_done(io, outcome));
        ASSERT_TRUE(*outcome.result) << outcome.result->error().message();
        EXPECT_EQ(sorted_text(**outcome.result), c.expected);
    }
}

TEST(ResolverLoopback, LookupFailuresAreErrorValues) {
    struct Case {
        const char* name;
        ResolveTarget target;
        boost::system::error_code expected;
    };
    const Case cases[] = {
        {"nxdomain", {Scheme::Sip, "nothere.test", {}, {}}, resolver_errc::host_not_found},
        {"no_records", {Scheme::Sip, "empty.test", {}, {}}, resolver_errc::no_addresses},
        {"bad_input", {Scheme::Sip, "[::1", {}, {}}, resolver_errc::bad_target},
        {"sips_udp",
         {Scheme::Sips, "sip.test", {}, Protocol::Udp},
         resolver_errc::insecure_transport},
    };
    asio::io_context io;
    TinyDnsServer server(io);
    Resolver resolver(io, options_for(server));
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Outcome outcome;
        resolver.resolve(c.target, record(outcome));
        EXPECT_FALSE(outcome.done());
        ASSERT_TRUE(run_until_done(io, outcome));
        ASSERT_FALSE(*outcome.result);
        EXPECT_EQ(outcome.result->error(), c.expected) << outcome.result->error().message();
        EXPECT_EQ(outcome.calls, 1);
    }
}

TEST(ResolverLoopback, IpLiteralAsksNoServer) {
    asio::io_context io;
    TinyDnsServer server(io);
    Resolver resolver(io, options_for(server));
    Outcome v4, v6;
    resolver.resolve({Scheme::Sip, "192.0.2.7", 5062, {}}, record(v4));
    resolver.resolve({Scheme::Sips, "[2001:db8::5]", {}, {}}, record(v6));
    EXPECT_FALSE(v4.done());
    ASSERT_TRUE(run_until_done(io, v4));
    ASSERT_TRUE(run_until_done(io, v6));
    ASSERT_TRUE(*v4.result && *v6.result);
    EXPECT_EQ(sorted_text(**v4.result), std::vector<std::string>{"UDP 192.0.2.7:5062"});
    EXPECT_EQ(sorted_text(**v6.result), std::vector<std::string>{"TLS [2001:db8::5]:5061"});
    io.poll();  // anything the resolver might have sent has been read by now
    EXPECT_EQ(server.queries(), 0);
}

TEST(ResolverLoopback, SilentServerTimesOut) {
    asio::io_context io;
    TinyDnsServer silent(io, TinyDnsServer::Answering::No);
    auto options = options_for(silent);
    options.timeout = 100ms;
    options.tries = 1;
    Resolver resolver(io, options);
    Outcome outcome;
    resolver.resolve({Scheme::Sip, "sip.test", {}, {}}, record(outcome));
    ASSERT_TRUE(run_until_done(io, outcome, 3s));  // c-ares gives up after ~100 ms
    ASSERT_FALSE(*outcome.result);
    EXPECT_EQ(outcome.result->error(), make_error_code(resolver_errc::timeout));
}

TEST(ResolverLoopback, SecondServerAnswersWhenTheFirstIsSilent) {
    asio::io_context io;
    TinyDnsServer silent(io, TinyDnsServer::Answering::No);
    TinyDnsServer server(io);
    ResolverOptions options{.name_servers = {silent.endpoint(), server.endpoint()},
                            .timeout = 100ms,
                            .tries = 1,
                            .hosts_file = HostsFile::Ignore};
    Resolver resolver(io, options);
    Outcome outcome;
    resolver.resolve({Scheme::Sip, "v4only.test", {}, {}}, record(outcome));
    ASSERT_TRUE(run_until_done(io, outcome));
    ASSERT_TRUE(*outcome.result) << outcome.result->error().message();
    EXPECT_EQ(sorted_text(**outcome.result), std::vector<std::string>{"UDP 127.0.0.2:5060"});
    EXPECT_GE(server.queries(), 1);
}

TEST(ResolverLoopback, CancelAbortsPendingAndTheResolverStaysUsable) {
    asio::io_context io;
    TinyDnsServer server(io);
    server.ignore("slow.test");
    auto options = options_for(server);
    options.timeout = 10s;  // the lookup would outlive the test: only cancel() can end it
    Resolver resolver(io, options);

    Outcome slow;
    resolver.resolve({Scheme::Sip, "slow.test", {}, {}}, record(slow));
    // Let the queries reach the server first, so that cancel() has something in flight.
    const auto end = std::chrono::steady_clock::now() + 3s;
    while (server.queries() < 2 && std::chrono::steady_clock::now() < end)
        io.run_one_for(10ms);
    ASSERT_GE(server.queries(), 2);
    EXPECT_EQ(resolver.pending(), 1u);

    resolver.cancel();
    EXPECT_EQ(resolver.pending(), 0u);
    ASSERT_TRUE(run_until_done(io, slow));
    ASSERT_FALSE(*slow.result);
    EXPECT_EQ(slow.result->error(), boost::system::error_code(asio::error::operation_aborted));

    Outcome after;
    resolver.resolve({Scheme::Sip, "v4only.test", {}, {}}, record(after));
    ASSERT_TRUE(run_until_done(io, after));
    ASSERT_TRUE(*after.result) << after.result->error().message();
    EXPECT_EQ(sorted_text(**after.result), std::vector<std::string>{"UDP 127.0.0.2:5060"});
    EXPECT_EQ(slow.calls, 1);
}

TEST(ResolverLoopback, DestroyingTheResolverAbortsPendingLookups) {
    asio::io_context io;
    TinyDnsServer server(io);
    server.ignore("slow.test");
    auto options = options_for(server);
    options.timeout = 10s;
    Outcome first, second;
    {
        Resolver resolver(io, options);
        resolver.resolve({Scheme::Sip, "slow.test", {}, {}}, record(first));
        resolver.resolve({Scheme::Sips, "slow.test", 5061, {}}, record(second));
        io.poll();  // sockets open, queries sent, waits armed
        EXPECT_EQ(resolver.pending(), 2u);
    }
    EXPECT_FALSE(first.done());  // posted, not called inside the destructor
    ASSERT_TRUE(run_until_done(io, first));
    ASSERT_TRUE(run_until_done(io, second));
    for (const Outcome* o : {&first, &second}) {
        ASSERT_FALSE(*o->result);
        EXPECT_EQ(o->result->error(), boost::system::error_code(asio::error::operation_aborted));
        EXPECT_EQ(o->calls, 1);
    }
    // The socket waits and the timer of the dead resolver complete harmlessly.
    io.restart();
    io.run_for(50ms);
    EXPECT_EQ(first.calls, 1);
}

}  // namespace
}  // namespace sessioncore::transport
