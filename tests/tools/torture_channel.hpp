#pragma once
// torture_sender's sockets: a UDP socket or a TCP connection to the server under test, read
// until a deadline, with sip::StreamFramer cutting the TCP byte stream into messages.

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sessioncore/sip/framer.hpp>
#include <sessioncore/sip/parser.hpp>

namespace sessioncore::torture {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

enum class Transport { Udp, Tcp };

class Channel {
public:
    Channel(Transport t, const sockaddr_in& server) : transport_(t), server_(server) {}
    ~Channel() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    /// UDP: bind 127.0.0.1:local_port (0: any); TCP: connect. Returns "" or the error.
    std::string open(std::uint16_t local_port) {
        fd_ = ::socket(AF_INET, transport_ == Transport::Udp ? SOCK_DGRAM : SOCK_STREAM, 0);
        if (fd_ < 0)
            return std::string("socket: ") + std::strerror(errno);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_port = htons(local_port);
        local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
            return "bind 127.0.0.1:" + std::to_string(local_port) + ": " + std::strerror(errno);
        if (transport_ == Transport::Tcp &&
            ::connect(fd_, reinterpret_cast<const sockaddr*>(&server_), sizeof server_) != 0)
            return std::string("connect: ") + std::strerror(errno);
        socklen_t size = sizeof local;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &size);
        local_port_ = ntohs(local.sin_port);
        return {};
    }

    bool send(std::string_view bytes) {
        if (transport_ == Transport::Udp)
            return ::sendto(fd_, bytes.data(), bytes.size(), 0,
                            reinterpret_cast<const sockaddr*>(&server_),
                            sizeof server_) == static_cast<ssize_t>(bytes.size());
        while (!bytes.empty()) {
            ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    /// The next message before `deadline`; nullopt on timeout, close or unparsable bytes.
    std::optional<sip::Message> next(Clock::time_point deadline) {
        for (;;) {
            if (transport_ == Transport::Tcp && !unparsable_) {
                auto item = framer_.next();
                if (!item) {
                    unparsable_ = true;
                    return std::nullopt;
                }
                if (*item && std::holds_alternative<sip::Message>(**item))
                    return std::move(std::get<sip::Message>(**item));
                if (*item)
                    continue;  // a keep-alive CRLF
            }
            if (closed_ || unparsable_ || !readable(deadline))
                return std::nullopt;
            char buffer[65536];
            ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) {
                closed_ = transport_ == Transport::Tcp;
                return std::nullopt;
            }
            std::string_view got(buffer, static_cast<std::size_t>(n));
            if (transport_ == Transport::Tcp) {
                framer_.feed(got);
                continue;
            }
            auto parsed = sip::parse(got);
            if (!parsed) {
                unparsable_ = true;
                return std::nullopt;
            }
            return std::move(*parsed);
        }
    }

    [[nodiscard]] bool closed() const { return closed_; }
    [[nodiscard]] bool unparsable() const { return unparsable_; }
    [[nodiscard]] std::uint16_t local_port() const { return local_port_; }
    [[nodiscard]] Transport transport() const { return transport_; }

private:
    bool readable(Clock::time_point deadline) const {
        auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
        pollfd p{fd_, POLLIN, 0};
        return left > 0 && ::poll(&p, 1, static_cast<int>(left)) == 1;
    }

    Transport transport_;
    sockaddr_in server_;
    int fd_ = -1;
    std::uint16_t local_port_ = 0;
    sip::StreamFramer framer_;
    bool closed_ = false, unparsable_ = false;
};

}  // namespace sessioncore::torture
