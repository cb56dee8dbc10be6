#pragma once
// Helpers of the transport loopback tests: a running 2-worker Runtime, a sink that records
// what arrives (and on which shard), bounded waits, raw POSIX sockets to play a peer, a
// self-signed certificate made at test time with the OpenSSL API.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sessioncore/sip/builder.hpp>
#include <sessioncore/sip/parser.hpp>
#include <sessioncore/transport/transport.hpp>

namespace sessioncore::transport::test {

using namespace std::chrono_literals;

/// What a sink saw, and whether each call ran on the Call-ID's shard.
struct Inbox {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<ReceivedMessage> messages;
    std::vector<TransportFailure> failures;
    std::size_t wrong_shard = 0;
    std::vector<ShardIndex> shards;

    TransportLayer::MessageSink sink(Runtime& runtime) {
        return [this, &runtime](ReceivedMessage&& m) {
            ShardIndex shard = runtime.current_shard();
            bool right = shard == runtime.shard_for(m.message.call_id().value());
            std::lock_guard lock(mutex);
            wrong_shard += right ? 0 : 1;
            shards.push_back(shard);
            messages.push_back(std::move(m));
            changed.notify_all();
        };
    }
    TransportLayer::FailureSink failure_sink(Runtime& runtime) {
        return [this, &runtime](const TransportFailure& f) {
            bool right = runtime.current_shard() == runtime.shard_for(f.call_id);
            std::lock_guard lock(mutex);
            wrong_shard += right ? 0 : 1;
            failures.push_back(f);
            changed.notify_all();
        };
    }
    /// Waits (bounded) until `count` messages arrived.
    bool wait_messages(std::size_t count, std::chrono::milliseconds limit = 5s) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return messages.size() >= count; });
    }
    bool wait_failures(std::size_t count, std::chrono::milliseconds limit = 5s) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return failures.size() >= count; });
    }
};

/// Polls `done` until it holds or the bound passes (for counters that other threads bump).
template <class Pred>
bool eventually(Pred done, std::chrono::milliseconds limit = 5s) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::yield();
    }
    return true;
}

inline Endpoint loopback(std::uint16_t port = 0) {
    return *Endpoint::from_ip("127.0.0.1", port);
}

inline std::string request_text(std::string_view call_id, std::string_view body = {},
                                std::string_view transport = "UDP") {
    std::string text = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/" +
                       std::string(transport) + " placeholder.invalid;branch=z9hG4bK-" +
                       std::string(call_id) +
                       ";rport\r\nMax-Forwards: 70\r\nTo: <sip:bob@127.0.0.1>\r\n"
                       "From: <sip:alice@127.0.0.1>;tag=a1\r\nCall-ID: " +
                       std::string(call_id) + "\r\nCSeq: 1 OPTIONS\r\n";
    if (!body.empty())
        text += "Content-Type: text/plain\r\n";
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
    return text;
}

inline sip::Message request(std::string_view call_id, std::string_view body = {}) {
    return sip::parse(request_text(call_id, body)).value();
}

/// A 200 for `req`: Via, From, To (+tag), Call-ID and CSeq copied (RFC 3261 §8.2.6.2).
inline sip::Message response_to(const sip::Message& req) {
    auto builder = sip::MessageBuilder::response(200);
    for (std::string_view via : req.values(sip::HeaderId::Via))
        builder.header(sip::HeaderId::Via, via);
    builder.header(sip::HeaderId::From, req.find(sip::HeaderId::From)->value);
    builder.header(sip::HeaderId::To, std::string(req.find(sip::HeaderId::To)->value) + ";tag=b");
    builder.header(sip::HeaderId::CallId, req.find(sip::HeaderId::CallId)->value);
    builder.header(sip::HeaderId::CSeq, req.find(sip::HeaderId::CSeq)->value);
    return builder.build().value();
}

/// A blocking POSIX socket with a receive timeout (the bound of every raw-peer wait).
class RawSocket {
public:
    explicit RawSocket(int type) : fd_(::socket(AF_INET, type, 0)) {
        timeval tv{5, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~RawSocket() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    static sockaddr_in address(const Endpoint& e) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(e.port);
        std::memcpy(&a.sin_addr, e.bytes.data(), 4);
        return a;
    }
    bool connect(const Endpoint& e) {
        auto a = address(e);
        return ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    bool send_to(std::string_view bytes, const Endpoint& e) {
        auto a = address(e);
        return ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a),
                        sizeof a) == static_cast<ssize_t>(bytes.size());
    }
    bool send(std::string_view bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(bytes.size());
    }
    /// One receive: the bytes, "" on orderly close, nullopt-like "<timeout>" on error/timeout.
    std::string receive() {
        char buffer[65536];
        ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n < 0)
            return "<error>";
        return std::string(buffer, static_cast<std::size_t>(n));
    }
    int fd() const { return fd_; }

private:
    int fd_;
};

/// A port nobody listens on (bound, then released).
inline std::uint16_t unused_tcp_port() {
    RawSocket s(SOCK_STREAM);
    auto a = RawSocket::address(loopback());
    ::bind(s.fd(), reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t size = sizeof a;
    ::getsockname(s.fd(), reinterpret_cast<sockaddr*>(&a), &size);
    return ntohs(a.sin_port);
}

/// A self-signed certificate for 127.0.0.1 in a fresh temp dir (removed by the destructor).
class TestCertificate {
public:
    TestCertificate() {
        char pattern[] = "/tmp/sc-transport-tls-XXXXXX";
        dir_ = ::mkdtemp(pattern);
        EVP_PKEY* key = EVP_EC_gen("P-256");
        X509* cert = X509_new();
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -60);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
        X509_set_issuer_name(cert, name);
        X509_sign(cert, key, EVP_sha256());
        std::FILE* out = std::fopen(certificate().c_str(), "w");
        PEM_write_X509(out, cert);
        std::fclose(out);
        out = std::fopen(private_key().c_str(), "w");
        PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
        std::fclose(out);
        X509_free(cert);
        EVP_PKEY_free(key);
    }
    ~TestCertificate() { std::filesystem::remove_all(dir_); }
    std::string certificate() const { return dir_ + "/cert.pem"; }
    std::string private_key() const { return dir_ + "/key.pem"; }

private:
    std::string dir_;
};

}  // namespace sessioncore::transport::test
