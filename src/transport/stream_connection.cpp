// TCP/TLS connections: one template over the stream type (tcp::socket or
// ssl::stream<tcp::socket>), so both share framing, limits, keep-alive and write queueing.
#include "stream_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "udp_socket.hpp"

namespace sessioncore::transport::detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;

Endpoint to_endpoint(const tcp::endpoint& e) {
    auto parsed = Endpoint::from_ip(e.address().to_string(), e.port());
    return parsed.value_or(Endpoint{});
}

tcp::endpoint to_tcp(const Endpoint& e) {
    return {asio::ip::make_address(e.address_string()), e.port};
}

template <class Stream>
class StreamConnection final : public Connection,
                               public std::enable_shared_from_this<StreamConnection<Stream>> {
public:
    StreamConnection(Core& core, Worker& worker, Side side, Stream stream)
        : core_(core), worker_(worker), side_(side), stream_(std::move(stream)), idle_(worker.io) {}

    auto& socket() { return stream_.lowest_layer(); }

    void send(PendingWrite write) override {
        if (closed_) {
            fail_write(write, asio::error::not_connected);
            return;
        }
        queue_.push_back(std::move(write));
        if (ready_)
            flush();
    }

    [[nodiscard]] bool is_open() const noexcept override { return !closed_; }

    void close() override {
        if (closed_)
            return;
        closed_ = true;
        boost::system::error_code ignored;
        idle_.cancel();
        socket().shutdown(tcp::socket::shutdown_both, ignored);
        socket().close(ignored);
        for (auto& write : queue_)
            fail_write(write, asio::error::connection_aborted);
        queue_.clear();
        core_.forget(worker_, *this, side_ == Side::Accepted);
    }

    void connect(const Endpoint& to) {
        remote = to;
        socket().async_connect(to_tcp(to), [self = this->shared_from_this()](auto ec) {
            if (self->closed_)
                return;
            if (ec)
                return self->fail(ec);
            self->local_ = to_endpoint(self->socket().local_endpoint(ec));
            self->handshake();
        });
    }

    void accepted() {
        boost::system::error_code ec;
        remote = to_endpoint(socket().remote_endpoint(ec));
        local_ = to_endpoint(socket().local_endpoint(ec));
        handshake();
    }

private:
    void handshake() {
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            auto type = side_ == Side::Client ? asio::ssl::stream_base::client
                                              : asio::ssl::stream_base::server;
            stream_.async_handshake(type, [self = this->shared_from_this()](auto ec) {
                if (self->closed_)
                    return;
                if (ec)
                    return self->fail(ec);
                self->on_ready();
            });
        } else {
            on_ready();
        }
    }

    void on_ready() {
        ready_ = true;
        // SIP messages are small and each is written whole: Nagle would hold a second write
        // back until the first is acknowledged (~40 ms with delayed ACKs).
        boost::system::error_code ignored;
        socket().set_option(tcp::no_delay(true), ignored);
        touch();
        arm_idle();
        read();
        flush();
    }

    void touch() { last_activity_ = core_.clock.now(); }

    // Idle timeout: the timer is armed once per period, not per read; on expiry it checks
    // the time of the last activity and sleeps again for what is left.
    void arm_idle() {
        if (closing_)
            return;  // close_after_writes() owns the timer now
        auto left = core_.options.idle_timeout - (core_.clock.now() - last_activity_);
        if (left <= Duration::zero()) {
            SPDLOG_LOGGER_DEBUG(&logger(), "transport.idle_close connection={}", id);
            return close();
        }
        idle_.expires_after(left);
        idle_.async_wait([self = this->shared_from_this()](auto ec) {
            if (!ec && !self->closed_)
                self->arm_idle();
        });
    }

    void read() {
        stream_.async_read_some(asio::buffer(in_),
                                [self = this->shared_from_this()](auto ec, std::size_t n) {
                                    if (self->closed_)
                                        return;
                                    if (ec)
                                        return self->fail(ec);
                                    self->touch();
                                    self->on_bytes(std::string_view(self->in_.data(), n));
                                    if (!self->closed_ && !self->closing_)
                                        self->read();
                                });
    }

    void on_bytes(std::string_view bytes) {
        framer_.feed(bytes);
        mirror_.append(bytes);
        for (;;) {
            auto item = framer_.next();
            if (!item) {
                // The stream cannot be resynchronised: answer if we can, then close.
                std::string_view raw(mirror_);
                raw.remove_prefix(raw.size() - std::min(raw.size(), framer_.buffered()));
                std::string reply;
                if (core_.answer_bad_input(worker_, raw, item.error(), reply))
                    write_now(std::move(reply));
                return close_after_writes();
            }
            if (!*item)
                break;
            if (auto* message = std::get_if<sip::Message>(&**item)) {
                core_.on_stream_message(worker_, *this, std::move(*message), local_);
                if (closed_)
                    return;
            } else if (std::holds_alternative<sip::KeepAlivePing>(**item)) {
                Counters::add(worker_.counters.keep_alive_pings);
                write_now("\r\n");  // RFC 5626 §4.4.1: a CRLF pong
            }
        }
        mirror_.erase(0, mirror_.size() - std::min(mirror_.size(), framer_.buffered()));
        if (framer_.buffered() > core_.options.max_buffered_per_connection) {
            if (worker_.limiter.allow(core_.clock.now()))
                logger().warn("transport.buffer_limit connection={} remote={} buffered={}", id,
                              remote.to_string(), framer_.buffered());
            close();
        }
    }

    void write_now(std::string bytes) { send(PendingWrite{std::move(bytes), {}}); }

    // After a framing error: read no more, but keep the connection open a little so that the
    // answers to requests framed before the error, which the TU sends from other shards, still
    // go over it (RFC 3261 §18.2.2: the response uses the connection the request came on).
    void close_after_writes() {
        closing_ = true;
        idle_.cancel();
        idle_.expires_after(core_.options.error_close_delay);
        idle_.async_wait([self = this->shared_from_this()](auto ec) {
            if (!ec && !self->closed_)
                self->close();
        });
    }

    void flush() {
        if (writing_ || queue_.empty() || closed_)
            return;
        writing_ = true;
        asio::async_write(stream_, asio::buffer(queue_.front().bytes),
                          [self = this->shared_from_this()](auto ec, std::size_t) {
                              self->writing_ = false;
                              if (self->closed_)
                                  return;
                              if (ec)
                                  return self->fail(ec);
                              self->touch();
                              self->queue_.pop_front();
                              self->flush();
                          });
    }

    void fail_write(const PendingWrite& write, boost::system::error_code ec) {
        if (write.key.call_id.empty())
            return;  // a pong or a stateless reply: nobody to tell
        Counters::add(worker_.counters.send_failures);
        core_.report_failure(write.key, ec);
    }

    void fail(boost::system::error_code ec) {
        if (ec != asio::error::eof && ec != asio::error::operation_aborted &&
            worker_.limiter.allow(core_.clock.now()))
            logger().info("transport.connection_error connection={} remote={} error={}", id,
                          remote.to_string(), ec.message());
        for (auto& write : queue_)
            fail_write(write, ec);
        queue_.clear();
        close();
    }

    Core& core_;
    Worker& worker_;
    Side side_;
    Stream stream_;
    asio::steady_timer idle_;
    Endpoint local_;
    TimePoint last_activity_{};
    sip::StreamFramer framer_;
    std::string mirror_;  // the bytes the framer holds, for a stateless reply after an error
    std::deque<PendingWrite> queue_;
    std::array<char, 16 * 1024> in_{};
    bool ready_ = false, writing_ = false, closing_ = false, closed_ = false;
};

using TcpConnection = StreamConnection<tcp::socket>;
using TlsConnection = StreamConnection<TlsStream>;

}  // namespace

std::shared_ptr<Connection> make_connection(Core& core, Worker& worker, Protocol protocol,
                                            Side side, tcp::socket socket) {
    std::shared_ptr<Connection> connection;
    if (protocol == Protocol::Tls) {
        auto& context = side == Side::Client ? *core.tls_client : *core.tls_server;
        connection = std::make_shared<TlsConnection>(core, worker, side,
                                                     TlsStream(std::move(socket), context));
    } else {
        connection = std::make_shared<TcpConnection>(core, worker, side, std::move(socket));
    }
    connection->protocol = protocol;
    connection->id = core.make_connection_id(worker.index);
    return connection;
}

void start_client(Connection& connection, const Endpoint& to) {
    if (connection.protocol == Protocol::Tls)
        static_cast<TlsConnection&>(connection).connect(to);
    else
        static_cast<TcpConnection&>(connection).connect(to);
}

void start_accepted(Connection& connection) {
    if (connection.protocol == Protocol::Tls)
        static_cast<TlsConnection&>(connection).accepted();
    else
        static_cast<TcpConnection&>(connection).accepted();
}

Acceptor::Acceptor(Core& core, Protocol protocol)
    : core_(core), protocol_(protocol), acceptor_(core.workers[0]->io) {}

boost::system::error_code Acceptor::listen(const Endpoint& address) {
    boost::system::error_code ec;
    tcp::endpoint endpoint = to_tcp(address);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor_.bind(endpoint, ec);
    if (!ec)
        acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec)
        local_ = to_endpoint(acceptor_.local_endpoint(ec));
    return ec;
}

void Acceptor::accept() {
    if (closed_)
        return;
    // Round robin over the workers: the socket is created on the worker that will own it.
    Worker& target = *core_.workers[core_.next_worker++ % core_.workers.size()];
    acceptor_.async_accept(target.io, [self = shared_from_this(), &target](
                                          boost::system::error_code ec, tcp::socket socket) {
        if (self->closed_)
            return;
        if (ec) {
            if (ec != asio::error::operation_aborted)
                self->accept();
            return;
        }
        boost::system::error_code ignored;
        Endpoint source = to_endpoint(socket.remote_endpoint(ignored));
        source.port = 0;
        auto& count = self->core_.per_source[source];
        if (count >= self->core_.options.max_connections_per_source) {
            self->core_.connections_refused.fetch_add(1, std::memory_order_relaxed);
            socket.close(ignored);
            if (self->core_.workers[0]->limiter.allow(self->core_.clock.now()))
                logger().warn("transport.connection_refused source={} limit={}",
                              source.address_string(),
                              self->core_.options.max_connections_per_source);
        } else {
            ++count;
            auto connection = make_connection(self->core_, target, self->protocol_, Side::Accepted,
                                              std::move(socket));
            asio::post(target.io, [core = self->core_.shared_from_this(), &target, connection] {
                core->adopt(target, connection);
            });
        }
        self->accept();
    });
}

void Acceptor::close() {
    closed_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

}  // namespace sessioncore::transport::detail
