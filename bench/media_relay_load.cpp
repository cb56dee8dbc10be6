// The load generator of `make bench-media`'s relay figures: for N calls, two phones each (leg
// A at BASE + 4i, leg B at BASE + 4i + 2 on 127.0.0.1) sending G.711-like RTP, 12-octet header
// and 160 octets of payload (172 octets, 20 ms at 8 kHz), 50 packets per second per
// direction, to the relay ports the targets file gives ("i a_port b_port" per call), and
// counting what arrives at the other phone. One thread, one io_context, one timer: every
// 20 ms all phones send one packet (deadlines are absolute, so the rate does not drift).
//
// The relay's CPU comes from /proc/PID/stat (utime + stime, all its threads) read at the
// start and at the end of the steady window (after the warm-up, until sending stops), and
// is divided by the packets that arrived in that window: CPU per forwarded packet. After the
// window the phones listen a little longer for packets still in flight, then loss is
// (sent - received) / sent over the whole run.
//
//   bench_relay_load --name=NAME --pid=PID --calls=N --phones=BASE --targets=FILE
//                    [--seconds=10] [--warmup=2]
// Prints one line: NAME_cpu_us_per_packet=... NAME_sent=... NAME_received=... NAME_loss=...
// (loss as a fraction) NAME_window_packets=... NAME_window_cpu_s=... NAME_offered_pps=...
// (packets sent per second over the run: below 100 × N when this one thread fell behind, as
// the sending stops at the end of the run whatever it managed)
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unistd.h>

namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t payload_size = 160;
constexpr std::size_t packet_size = 12 + payload_size;
constexpr auto packet_interval = std::chrono::milliseconds{20};

struct Options {
    std::string name = "relay";
    long pid = 0;
    unsigned calls = 200;
    unsigned phones = 21000;
    std::string targets;
    unsigned seconds = 10;
    unsigned warmup = 2;
};

template <class T>
bool parse_number(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_args(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg{argv[i]};
        const auto eq = arg.find('=');
        if (eq == std::string_view::npos)
            return false;
        const auto key = arg.substr(0, eq);
        const auto value = arg.substr(eq + 1);
        bool ok = true;
        if (key == "--name")
            o.name = std::string{value};
        else if (key == "--pid")
            ok = parse_number(value, o.pid);
        else if (key == "--calls")
            ok = parse_number(value, o.calls);
        else if (key == "--phones")
            ok = parse_number(value, o.phones);
        else if (key == "--targets")
            o.targets = std::string{value};
        else if (key == "--seconds")
            ok = parse_number(value, o.seconds);
        else if (key == "--warmup")
            ok = parse_number(value, o.warmup);
        else
            ok = false;
        if (!ok)
            return false;
    }
    return o.pid > 0 && o.calls > 0 && !o.targets.empty() && o.seconds > o.warmup;
}

// utime + stime of process `pid` in clock ticks (fields 14 and 15; the name in field 2 may
// hold spaces, so counting starts after its closing parenthesis). -1 if unreadable.
long long cpu_ticks(long pid) {
    std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
    std::string stat{std::istreambuf_iterator<char>{in}, {}};
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields{stat.substr(close + 2)};
    std::string field;
    long long utime = 0;
    long long stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14)
            utime = std::stoll(field);
        if (i == 15)
            stime = std::stoll(field);
    }
    return utime + stime;
}

// One phone: its socket, its outgoing RTP header state and what it received.
struct Phone {
    Phone(asio::io_context& io, std::uint16_t port, std::uint32_t ssrc_value)
        : socket{io, udp::endpoint{asio::ip::make_address("127.0.0.1"), port}}, ssrc{ssrc_value} {}
    udp::socket socket;
    udp::endpoint relay{};
    std::uint32_t ssrc;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::array<std::byte, packet_size> out{};
    std::array<std::byte, 2048> in{};
    udp::endpoint from{};
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
};

void put32(std::span<std::byte> b, std::size_t at, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i)
        b[at + i] = static_cast<std::byte>((v >> (24 - 8 * i)) & 0xFFu);
}

void send_one(Phone& p) {
    p.out[0] = std::byte{0x80};
    p.out[1] = std::byte{8};  // PCMA
    p.out[2] = static_cast<std::byte>(p.sequence >> 8);
    p.out[3] = static_cast<std::byte>(p.sequence & 0xFFu);
    put32(p.out, 4, p.timestamp);
    put32(p.out, 8, p.ssrc);
    boost::system::error_code ec;
    p.socket.send_to(asio::buffer(p.out), p.relay, 0, ec);
    if (!ec)
        ++p.sent;
    ++p.sequence;
    p.timestamp += payload_size;
}

void receive(Phone& p) {
    p.socket.async_receive_from(asio::buffer(p.in), p.from,
                                [&p](const boost::system::error_code& ec, std::size_t size) {
                                    if (ec == asio::error::operation_aborted)
                                        return;
                                    if (!ec && size == packet_size)
                                        ++p.received;
                                    receive(p);
                                });
}

bool read_targets(const Options& o, std::vector<std::unique_ptr<Phone>>& phones) {
    std::ifstream in{o.targets};
    unsigned call = 0;
    unsigned a = 0;
    unsigned b = 0;
    unsigned seen = 0;
    const auto loopback = asio::ip::make_address("127.0.0.1");
    while (in >> call >> a >> b) {
        if (call >= o.calls)
            return false;
        phones[2 * call]->relay = udp::endpoint{loopback, static_cast<std::uint16_t>(a)};
        phones[2 * call + 1]->relay = udp::endpoint{loopback, static_cast<std::uint16_t>(b)};
        ++seen;
    }
    return seen == o.calls;
}

std::uint64_t total_received(const std::vector<std::unique_ptr<Phone>>& phones) {
    std::uint64_t n = 0;
    for (const auto& p : phones)
        n += p->received;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse_args(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: bench_relay_load --name=NAME --pid=PID --calls=N --phones=BASE "
                     "--targets=FILE [--seconds=S] [--warmup=W], S > W\n");
        return 2;
    }
    asio::io_context io{1};
    std::vector<std::unique_ptr<Phone>> phones;
    try {
        for (unsigned i = 0; i < 2 * o.calls; ++i)
            phones.push_back(std::make_unique<Phone>(
                io, static_cast<std::uint16_t>(o.phones + 2 * i), 0x10000u + i));
    } catch (const boost::system::system_error& e) {
        std::fprintf(stderr, "bench_relay_load: cannot bind the phones: %s\n", e.what());
        return 1;
    }
    if (!read_targets(o, phones)) {
        std::fprintf(stderr, "bench_relay_load: %s does not give %u calls\n", o.targets.c_str(),
                     o.calls);
        return 1;
    }
    for (auto& p : phones)
        receive(*p);

    const auto start = Clock::now();
    const auto window_start = start + std::chrono::seconds{o.warmup};
    const auto window_end = start + std::chrono::seconds{o.seconds};
    long long ticks_start = -1;
    long long ticks_end = -1;
    std::uint64_t received_start = 0;
    std::uint64_t received_end = 0;
    asio::steady_timer timer{io};
    auto next = start;
    std::function<void()> tick = [&] {
        const auto now = Clock::now();
        if (ticks_start < 0 && now >= window_start) {
            ticks_start = cpu_ticks(o.pid);
            received_start = total_received(phones);
        }
        if (now >= window_end) {
            ticks_end = cpu_ticks(o.pid);
            received_end = total_received(phones);
            return;  // sending stops; the drain timer below ends the run
        }
        for (auto& p : phones)
            send_one(*p);
        next += packet_interval;
        timer.expires_at(next);
        timer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec)
                tick();
        });
    };
    tick();
    io.run_until(window_end + std::chrono::milliseconds{500});  // in-flight packets arrive

    std::uint64_t sent = 0;
    for (const auto& p : phones)
        sent += p->sent;
    const std::uint64_t received = total_received(phones);
    const std::uint64_t window_packets = received_end - received_start;
    const double tick_s = 1.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    const double window_cpu_s = static_cast<double>(ticks_end - ticks_start) * tick_s;
    if (ticks_start < 0 || ticks_end < 0 || window_packets == 0) {
        std::fprintf(stderr, "bench_relay_load: no steady window (pid %ld gone?)\n", o.pid);
        return 1;
    }
    const double loss = sent == 0 ? 1.0
                                  : static_cast<double>(sent - std::min(sent, received)) /
                                        static_cast<double>(sent);
    std::printf(
        "%s_cpu_us_per_packet=%.3f %s_sent=%llu %s_received=%llu %s_loss=%.6f "
        "%s_window_packets=%llu %s_window_cpu_s=%.2f %s_offered_pps=%.0f\n",
        o.name.c_str(), window_cpu_s * 1e6 / static_cast<double>(window_packets), o.name.c_str(),
        static_cast<unsigned long long>(sent), o.name.c_str(),
        static_cast<unsigned long long>(received), o.name.c_str(), loss, o.name.c_str(),
        static_cast<unsigned long long>(window_packets), o.name.c_str(), window_cpu_s,
        o.name.c_str(), static_cast<double>(sent) / o.seconds);
    return 0;
}
