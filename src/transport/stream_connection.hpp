#pragma once
// TCP and TLS connections (RFC 3261 §18.3 framing, RFC 5626 §4.4.1 CRLF keep-alive) and the
// acceptor that hands accepted connections to the workers round robin.

#include <deque>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/sip/framer.hpp>

#include "layer_impl.hpp"

namespace sessioncore::transport::detail {

enum class Side : std::uint8_t { Accepted, Client };

/// Opens a connection object for `protocol` on `worker` (not yet connected or started).
std::shared_ptr<Connection> make_connection(Core& core, Worker& worker, Protocol protocol,
                                            Side side, boost::asio::ip::tcp::socket socket);
/// Client side: connects to `to`, handshakes (TLS), then writes what was queued.
void start_client(Connection& connection, const Endpoint& to);
/// Accepted side: handshakes (TLS) and reads.
void start_accepted(Connection& connection);

class Acceptor : public std::enable_shared_from_this<Acceptor> {
public:
    Acceptor(Core& core, Protocol protocol);
    boost::system::error_code listen(const Endpoint& address);
    [[nodiscard]] Endpoint local() const noexcept { return local_; }
    void start() { accept(); }
    void close();

private:
    void accept();
    Core& core_;
    Protocol protocol_;
    boost::asio::ip::tcp::acceptor acceptor_;
    Endpoint local_;
    bool closed_ = false;
};

}  // namespace sessioncore::transport::detail
