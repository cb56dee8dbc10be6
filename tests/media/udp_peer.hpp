#pragma once
// What the media loopback tests share: a plain UDP socket on 127.0.0.1 posing as a phone or a
// stray sender, and the bounded ways of running the io_context (STYLE.md §5: run until the
// event or a deadline, never sleep "to give it time").

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

namespace sessioncore::media::test {

namespace asio = boost::asio;
using udp = asio::ip::udp;

inline const asio::ip::address loopback = asio::ip::make_address("127.0.0.1");

/// Runs `io` until `done` holds or two seconds pass; says whether it holds.
inline bool run_until(asio::io_context& io, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{2};
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_for(std::chrono::milliseconds{2});
    }
    return done();
}

/// Lets queued datagrams arrive (for checks that something did not happen).
inline void settle(asio::io_context& io) {
    io.restart();
    io.run_for(std::chrono::milliseconds{50});
}

/// One plain socket bound to 127.0.0.1 on an ephemeral port. Reads are synchronous and
/// polled while the io_context runs, so the code under test keeps running meanwhile.
class UdpPeer {
public:
    explicit UdpPeer(asio::io_context& io) : socket_{io, udp::endpoint{loopback, 0}} {}

    [[nodiscard]] udp::endpoint endpoint() const { return socket_.local_endpoint(); }
    [[nodiscard]] udp::socket& socket() { return socket_; }

    void send(std::span<const std::byte> bytes, std::uint16_t port) {
        socket_.send_to(asio::buffer(bytes.data(), bytes.size()), udp::endpoint{loopback, port});
    }

    /// Every datagram that arrived while `io` ran until `count` had (or the deadline);
    /// `count` 0 takes what is there now. Their sources go to sources().
    std::vector<std::vector<std::byte>> receive(asio::io_context& io, std::size_t count) {
        std::vector<std::vector<std::byte>> out;
        run_until(io, [&] {
            while (socket_.available() > 0) {
                std::array<std::byte, 2048> buffer{};
                udp::endpoint from;
                const auto n = socket_.receive_from(asio::buffer(buffer), from);
                out.emplace_back(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
                sources_.push_back(from);
            }
            return out.size() >= count;
        });
        return out;
    }

    /// Where each datagram receive() returned came from, in order, over the peer's life.
    [[nodiscard]] const std::vector<udp::endpoint>& sources() const { return sources_; }

private:
    udp::socket socket_;
    std::vector<udp::endpoint> sources_;
};

}  // namespace sessioncore::media::test
