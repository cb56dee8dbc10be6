// udp_impair_relay with real packets on 127.0.0.1: what the receiver gets must match what the
// relay says it did (counts, which packets it dropped, how many it reordered).

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

using namespace std::chrono_literals;

struct Socket {
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    ~Socket() { ::close(fd); }
    int bind_loopback() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
            return -1;
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        return ntohs(a.sin_port);
    }
};

struct RelayProcess {
    pid_t pid = -1;
    int port = -1;
    std::string report_path;

    bool start(const std::vector<std::string>& args) {
        int out[2];
        if (::pipe(out) != 0)
            return false;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        std::vector<std::string> all = {SC_UDP_IMPAIR_RELAY};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        int rc = posix_spawn(&pid, SC_UDP_IMPAIR_RELAY, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        if (rc != 0) {
            ::close(out[0]);
            return false;
        }
        // The first line is {"event":"ready","port":N}; wait for it at most 5 s.
        std::string line;
        auto end = std::chrono::steady_clock::now() + 5s;
        char c = 0;
        while (std::chrono::steady_clock::now() < end) {
            pollfd p{out[0], POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            if (::read(out[0], &c, 1) != 1 || c == '\n')
                break;
            line += c;
        }
        ::close(out[0]);
        boost::system::error_code ec;
        auto doc = boost::json::parse(line, ec);
        if (ec || !doc.is_object() || !doc.as_object().contains("port"))
            return false;
        port = static_cast<int>(doc.at("port").as_int64());
        return true;
    }

    boost::json::object stop_and_report() {
        ::kill(pid, SIGTERM);
        int status = 0;
        ::waitpid(pid, &status, 0);
        pid = -1;
        std::ifstream in(report_path);
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code ec;
        auto doc = boost::json::parse(text.str(), ec);
        if (ec || !doc.is_object())
            return {};
        return doc.as_object();
    }

    ~RelayProcess() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
};

std::uint64_t as_u64(const boost::json::value& v) {
    return boost::json::value_to<std::uint64_t>(v);
}

struct RelayRun {
    std::vector<std::uint32_t> received;  // indices in arrival order
    boost::json::object report;
};

// Sends `count` numbered datagrams through a relay started with `options` and collects what
// reaches the far side until the relay has forwarded all it will (or 5 s pass).
RelayRun run_relay(const std::vector<std::string>& options, std::uint32_t count, std::string tag) {
    RelayRun run;
    Socket receiver, sender;
    int receiver_port = receiver.bind_loopback();
    EXPECT_GT(receiver_port, 0);
    RelayProcess relay;
    relay.report_path = (std::filesystem::temp_directory_path() /
                         ("sc_relay_" + std::to_string(::getpid()) + "_" + tag + ".json"))
                            .string();
    std::vector<std::string> args = {"--forward", std::to_string(receiver_port), "--report",
                                     relay.report_path};
    args.insert(args.end(), options.begin(), options.end());
    if (!relay.start(args)) {
        ADD_FAILURE() << "relay did not start";
        return run;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(static_cast<std::uint16_t>(relay.port));
    for (std::uint32_t i = 0; i < count; ++i) {
        ::sendto(sender.fd, &i, sizeof i, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
        if (i % 20 == 19) {  // let the relay drain; loopback drops nothing within its buffers
            pollfd p{receiver.fd, POLLIN, 0};
            ::poll(&p, 1, 2);
        }
    }
    // Read until the receiver is quiet for 300 ms (the relay's largest delay here is far less),
    // bounded by 5 s in all.
    auto end = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < end) {
        pollfd p{receiver.fd, POLLIN, 0};
        if (::poll(&p, 1, 300) <= 0)
            break;
        std::uint32_t index = 0;
        if (::recv(receiver.fd, &index, sizeof index, 0) == sizeof index)
            run.received.push_back(index);
    }
    run.report = relay.stop_and_report();
    // A packet held for reordering with no successor is sent as the relay exits: collect it.
    std::uint32_t index = 0;
    while (::recv(receiver.fd, &index, sizeof index, MSG_DONTWAIT) == sizeof index)
        run.received.push_back(index);
    std::filesystem::remove(relay.report_path);
    return run;
}

TEST(UdpImpairRelay, CountsMatchWhatArrived) {
    RelayRun run = run_relay({"--drop", "25", "--seed", "7", "--delay-mean", "3", "--delay-stddev",
                              "1", "--reorder", "10"},
                             200, "counts");
    auto& r = run.report;
    ASSERT_FALSE(r.empty()) << "no report";
    EXPECT_EQ(as_u64(r.at("packets_in")), 200u);
    EXPECT_EQ(as_u64(r.at("forwarded")) + as_u64(r.at("dropped")), 200u);
    EXPECT_EQ(as_u64(r.at("forwarded")), run.received.size());
    // 25 % of 200 is 50; the binomial spread (sd about 6) stays far inside 20-80.
    EXPECT_GT(as_u64(r.at("dropped")), 20u);
    EXPECT_LT(as_u64(r.at("dropped")), 80u);
    // Exactly the packets it says it dropped are missing.
    std::set<std::uint64_t> missing;
    for (std::uint32_t i = 0; i < 200; ++i)
        missing.insert(i);
    for (auto i : run.received)
        missing.erase(i);
    std::set<std::uint64_t> said;
    for (auto& v : r.at("dropped_forward").as_array())
        said.insert(as_u64(v));
    EXPECT_EQ(missing, said);
    // The reorderings it reports are the ones the receiver saw.
    std::uint64_t inversions = 0;
    std::uint32_t highest = 0;
    for (std::size_t k = 0; k < run.received.size(); ++k) {
        if (k > 0 && run.received[k] < highest)
            ++inversions;
        highest = std::max(highest, run.received[k]);
    }
    EXPECT_EQ(as_u64(r.at("reordered")), inversions);
    EXPECT_GT(inversions, 0u);
    auto& delays = r.at("delays_ms").as_array();
    EXPECT_EQ(delays.size(), as_u64(r.at("forwarded")));
    for (auto& d : delays)
        EXPECT_GE(d.template to_number<double>(), 0.0);
}

TEST(UdpImpairRelay, NoImpairmentForwardsAllInOrder) {
    RelayRun run = run_relay({}, 100, "clean");
    ASSERT_EQ(run.received.size(), 100u);
    for (std::uint32_t i = 0; i < 100; ++i)
        EXPECT_EQ(run.received[i], i);
    EXPECT_EQ(as_u64(run.report.at("dropped")), 0u);
    EXPECT_EQ(as_u64(run.report.at("reordered")), 0u);
}

TEST(UdpImpairRelay, SameSeedDropsTheSamePackets) {
    RelayRun a = run_relay({"--drop", "30", "--seed", "11"}, 100, "seed_a");
    RelayRun b = run_relay({"--drop", "30", "--seed", "11"}, 100, "seed_b");
    ASSERT_FALSE(a.report.empty());
    ASSERT_FALSE(b.report.empty());
    EXPECT_EQ(a.report.at("dropped_forward"), b.report.at("dropped_forward"));
    EXPECT_EQ(a.received, b.received);
}

}  // namespace
