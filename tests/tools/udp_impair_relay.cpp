// udp_impair_relay --forward PORT [--listen PORT] [--drop PCT] [--seed N] [--delay-mean MS]
//                  [--delay-stddev MS] [--reorder PCT] [--duration S] [--report FILE]
// A UDP relay on 127.0.0.1 for media tests: what arrives from any address goes to the forward
// port (that address is latched as the client), what comes from the forward port goes back to
// the client. Each packet is dropped with probability PCT % (seeded, so a run repeats), else
// delayed by a normal(mean, stddev) time clamped at 0; with --reorder a packet is also held
// until the next packet of its direction has been sent, so it arrives after it. Prints
// {"event":"ready","port":N} on stdout once bound; on SIGTERM/SIGINT or after --duration it
// sends what is still queued and writes the report (counts, dropped packet indices, applied
// delays: all, and per direction in arrival order; the RTP sequence number of every arrival
// per direction, -1 for a datagram that is not RTP) as JSON to --report or stdout.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
volatile std::sig_atomic_t stop_requested = 0;
void on_signal(int) {
    stop_requested = 1;
}

struct Args {
    int listen_port = 0;
    int forward_port = 0;
    double drop_pct = 0, reorder_pct = 0, delay_mean_ms = 0, delay_stddev_ms = 0;
    unsigned seed = 1;
    double duration_s = 0;
    std::string report;
};

bool parse(int argc, char** argv, Args& a) {
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string_view k = argv[i];
        const char* v = argv[i + 1];
        if (k == "--listen")
            a.listen_port = std::atoi(v);
        else if (k == "--forward")
            a.forward_port = std::atoi(v);
        else if (k == "--drop")
            a.drop_pct = std::atof(v);
        else if (k == "--reorder")
            a.reorder_pct = std::atof(v);
        else if (k == "--delay-mean")
            a.delay_mean_ms = std::atof(v);
        else if (k == "--delay-stddev")
            a.delay_stddev_ms = std::atof(v);
        else if (k == "--seed")
            a.seed = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        else if (k == "--duration")
            a.duration_s = std::atof(v);
        else if (k == "--report")
            a.report = v;
        else
            return false;
    }
    return argc % 2 == 1 && a.forward_port > 0 && a.forward_port < 65536 && a.drop_pct >= 0 &&
           a.drop_pct <= 100 && a.reorder_pct >= 0 && a.reorder_pct <= 100 &&
           a.delay_mean_ms >= 0 && a.delay_stddev_ms >= 0;
}

struct Pending {
    Clock::time_point due;
    std::uint64_t order;  // ties by arrival, so equal delays keep the order
    int direction;        // 0: client -> forward, 1: back
    std::uint64_t index;  // arrival index within its direction
    sockaddr_in to;
    std::vector<char> data;
};

struct Counts {
    std::uint64_t in = 0, forwarded = 0, dropped = 0, reordered = 0, unroutable = 0;
    std::vector<std::uint64_t> dropped_indices[2];
    std::vector<double> delays_ms;
    std::vector<double> delays_by_direction[2];  // of each forwarded packet, by arrival
    std::vector<int> sequences[2];  // RTP sequence number of every arrival, -1 for other packets
    std::optional<std::uint64_t> highest_sent[2];
    std::uint64_t arrivals[2] = {0, 0};
};

// The RTP sequence number (RFC 3550 §5.1) of a datagram, or -1 when it is not RTP: too short,
// not version 2, or an RTCP packet type (200-204) sharing the port.
int rtp_sequence(const char* data, std::size_t size) {
    if (size < 12 || (static_cast<unsigned char>(data[0]) >> 6) != 2)
        return -1;
    const unsigned type = static_cast<unsigned char>(data[1]);
    if (type >= 200 && type <= 204)
        return -1;
    return static_cast<unsigned char>(data[2]) << 8 | static_cast<unsigned char>(data[3]);
}

struct Relay {
    Args args;
    int fd = -1;
    sockaddr_in forward{};
    std::optional<sockaddr_in> client;
    std::mt19937_64 rng;
    std::vector<Pending> queue;
    std::optional<Pending> held[2];
    std::uint64_t order = 0;
    Counts counts;

    void send(const Pending& p) {
        ::sendto(fd, p.data.data(), p.data.size(), 0, reinterpret_cast<const sockaddr*>(&p.to),
                 sizeof p.to);
        ++counts.forwarded;
        auto& highest = counts.highest_sent[p.direction];
        if (highest && p.index < *highest)
            ++counts.reordered;
        else
            highest = p.index;
    }

    void schedule(Pending p) {
        int dir = p.direction;
        auto due = p.due;
        queue.push_back(std::move(p));
        if (held[dir]) {  // the held packet goes right after this one
            held[dir]->due = std::max(held[dir]->due, due);
            held[dir]->order = ++order;
            queue.push_back(std::move(*held[dir]));
            held[dir].reset();
        }
    }

    void on_packet(const char* data, std::size_t size, const sockaddr_in& from) {
        ++counts.in;
        bool from_forward =
            from.sin_port == forward.sin_port && from.sin_addr.s_addr == forward.sin_addr.s_addr;
        int dir = from_forward ? 1 : 0;
        if (!from_forward)
            client = from;
        std::uint64_t index = counts.arrivals[dir]++;
        counts.sequences[dir].push_back(rtp_sequence(data, size));
        if (from_forward && !client) {
            ++counts.unroutable;
            return;
        }
        std::uniform_real_distribution<double> unit(0.0, 100.0);
        if (unit(rng) < args.drop_pct) {
            ++counts.dropped;
            counts.dropped_indices[dir].push_back(index);
            return;
        }
        double delay = args.delay_mean_ms;
        if (args.delay_stddev_ms > 0)
            delay = std::normal_distribution<double>(args.delay_mean_ms, args.delay_stddev_ms)(rng);
        delay = std::max(0.0, delay);
        counts.delays_ms.push_back(delay);
        counts.delays_by_direction[dir].push_back(delay);
        bool hold = unit(rng) < args.reorder_pct && !held[dir];
        Pending p{Clock::now() + std::chrono::microseconds(static_cast<long>(delay * 1000)),
                  ++order,
                  dir,
                  index,
                  from_forward ? *client : forward,
                  std::vector<char>(data, data + size)};
        if (hold)
            held[dir] = std::move(p);
        else
            schedule(std::move(p));
    }

    void send_due(Clock::time_point now) {
        for (;;) {
            auto it = std::min_element(queue.begin(), queue.end(), [](auto& a, auto& b) {
                return a.due != b.due ? a.due < b.due : a.order < b.order;
            });
            if (it == queue.end() || it->due > now)
                return;
            Pending p = std::move(*it);
            queue.erase(it);
            send(p);
        }
    }

    void flush() {
        for (auto& h : held)
            if (h) {
                queue.push_back(std::move(*h));
                h.reset();
            }
        send_due(Clock::time_point::max());
    }
};

void write_list(std::FILE* out, const char* name, const std::vector<std::uint64_t>& v) {
    std::fprintf(out, "\"%s\":[", name);
    for (std::size_t i = 0; i < v.size(); ++i)
        std::fprintf(out, "%s%llu", i ? "," : "", static_cast<unsigned long long>(v[i]));
    std::fprintf(out, "]");
}

void write_ints(std::FILE* out, const char* name, const std::vector<int>& v) {
    std::fprintf(out, ",\"%s\":[", name);
    for (std::size_t i = 0; i < v.size(); ++i)
        std::fprintf(out, "%s%d", i ? "," : "", v[i]);
    std::fprintf(out, "]");
}

void write_delays(std::FILE* out, const char* name, const std::vector<double>& delays) {
    std::fprintf(out, ",\"%s\":[", name);
    for (std::size_t i = 0; i < delays.size(); ++i)
        std::fprintf(out, "%s%.3f", i ? "," : "", delays[i]);
    std::fprintf(out, "]");
}

void write_report(const Relay& r) {
    std::FILE* out = r.args.report.empty() ? stdout : std::fopen(r.args.report.c_str(), "w");
    if (out == nullptr) {
        std::fprintf(stderr, "udp_impair_relay: cannot write %s\n", r.args.report.c_str());
        return;
    }
    const Counts& c = r.counts;
    double sum = 0;
    for (double d : c.delays_ms)
        sum += d;
    std::fprintf(
        out,
        "{\"seed\":%u,\"drop_pct\":%g,\"reorder_pct\":%g,\"delay_mean_ms\":%g,"
        "\"delay_stddev_ms\":%g,\"packets_in\":%llu,\"forwarded\":%llu,\"dropped\":%llu,"
        "\"reordered\":%llu,\"unroutable\":%llu,\"applied_delay_mean_ms\":%.3f,",
        r.args.seed, r.args.drop_pct, r.args.reorder_pct, r.args.delay_mean_ms,
        r.args.delay_stddev_ms, static_cast<unsigned long long>(c.in),
        static_cast<unsigned long long>(c.forwarded), static_cast<unsigned long long>(c.dropped),
        static_cast<unsigned long long>(c.reordered), static_cast<unsigned long long>(c.unroutable),
        c.delays_ms.empty() ? 0.0 : sum / static_cast<double>(c.delays_ms.size()));
    write_list(out, "dropped_forward", c.dropped_indices[0]);
    std::fprintf(out, ",");
    write_list(out, "dropped_back", c.dropped_indices[1]);
    write_delays(out, "delays_ms", c.delays_ms);
    write_delays(out, "delays_forward_ms", c.delays_by_direction[0]);
    write_delays(out, "delays_back_ms", c.delays_by_direction[1]);
    write_ints(out, "sequences_forward", c.sequences[0]);
    write_ints(out, "sequences_back", c.sequences[1]);
    std::fprintf(out, "}\n");
    if (out != stdout)
        std::fclose(out);
}

int open_socket(Relay& r) {
    r.fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    local.sin_port = htons(static_cast<std::uint16_t>(r.args.listen_port));
    if (r.fd < 0 || ::bind(r.fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
        return -1;
    socklen_t len = sizeof local;
    ::getsockname(r.fd, reinterpret_cast<sockaddr*>(&local), &len);
    r.forward.sin_family = AF_INET;
    r.forward.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    r.forward.sin_port = htons(static_cast<std::uint16_t>(r.args.forward_port));
    return ntohs(local.sin_port);
}

}  // namespace

int main(int argc, char** argv) {
    Relay relay;
    if (!parse(argc, argv, relay.args)) {
        std::fprintf(stderr,
                     "usage: udp_impair_relay --forward PORT [--listen PORT] [--drop PCT] "
                     "[--seed N] [--delay-mean MS] [--delay-stddev MS] [--reorder PCT] "
                     "[--duration S] [--report FILE]\n");
        return 2;
    }
    relay.rng.seed(relay.args.seed);
    int port = open_socket(relay);
    if (port < 0) {
        std::perror("udp_impair_relay: bind");
        return 2;
    }
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::printf("{\"event\":\"ready\",\"port\":%d}\n", port);
    std::fflush(stdout);
    auto end = relay.args.duration_s > 0
                   ? Clock::now() +
                         std::chrono::milliseconds(static_cast<long>(relay.args.duration_s * 1000))
                   : Clock::time_point::max();
    std::vector<char> buffer(65536);
    while (stop_requested == 0 && Clock::now() < end) {
        pollfd pfd{relay.fd, POLLIN, 0};
        ::poll(&pfd, 1, 1);  // 1 ms: the resolution of the applied delays
        while (true) {
            sockaddr_in from{};
            socklen_t len = sizeof from;
            auto n = ::recvfrom(relay.fd, buffer.data(), buffer.size(), MSG_DONTWAIT,
                                reinterpret_cast<sockaddr*>(&from), &len);
            if (n < 0)
                break;
            relay.on_packet(buffer.data(), static_cast<std::size_t>(n), from);
        }
        relay.send_due(Clock::now());
    }
    relay.flush();
    write_report(relay);
    ::close(relay.fd);
    return 0;
}
