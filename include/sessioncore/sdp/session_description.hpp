#pragma once
// The SDP model (RFC 8866 §5), telephony subset. Every member is an owned value (std::string), so
// a description can be built field by field for an offer or answer (RFC 3264) and outlives the
// bytes it was parsed from. Unknown attributes are kept in order, byte for byte.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sessioncore::sdp {

/// o= (RFC 8866 §5.2).
struct Origin {
    std::string username = "-";
    std::string sess_id;
    std::string sess_version;
    std::string nettype = "IN";
    std::string addrtype = "IP4";
    std::string address;
    friend bool operator==(const Origin&, const Origin&) = default;
};

/// c= (RFC 8866 §5.7): `<nettype> <addrtype> <address>[/<ttl>][/<count>]`. For IP4 multicast
/// the first suffix is the TTL; IP6 has no TTL, so its only suffix is the count.
struct Connection {
    std::string nettype = "IN";
    std::string addrtype = "IP4";
    std::string address;
    std::optional<std::uint32_t> ttl;
    std::optional<std::uint32_t> count;
    friend bool operator==(const Connection&, const Connection&) = default;
};

/// b= (RFC 8866 §5.8), e.g. AS:64 or TIAS:64000.
struct Bandwidth {
    std::string type;
    std::uint64_t value = 0;
    friend bool operator==(const Bandwidth&, const Bandwidth&) = default;
};

/// t= with its r= lines (RFC 8866 §5.9, §5.10); repeats are kept raw.
struct Timing {
    std::uint64_t start = 0;
    std::uint64_t stop = 0;
    std::vector<std::string> repeats;
    friend bool operator==(const Timing&, const Timing&) = default;
};

/// a= (RFC 8866 §5.13): a property (`a=rtcp-mux`, no value) or `a=<name>:<value>`.
struct Attribute {
    std::string name;
    std::optional<std::string> value;
    friend bool operator==(const Attribute&, const Attribute&) = default;
};

/// a=sendrecv / sendonly / recvonly / inactive (RFC 8866 §6.7).
enum class Direction : std::uint8_t { SendRecv, SendOnly, RecvOnly, Inactive };

/// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] (RFC 8866 §6.6).
struct Rtpmap {
    std::uint8_t payload_type = 0;
    std::string encoding_name;
    std::uint32_t clock_rate = 0;
    std::optional<std::uint16_t> channels;  ///< audio: the encoding parameters
    friend bool operator==(const Rtpmap&, const Rtpmap&) = default;
};

/// a=fmtp:<format> <format specific parameters> (RFC 8866 §6.15).
struct Fmtp {
    std::string format;
    std::string parameters;  ///< raw, as written
    /// `parameters` split at ';' into trimmed key=value pairs (value "" when there is no '=').
    std::vector<std::pair<std::string, std::string>> pairs;
    /// The value of `key` (case-insensitive), if present.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view key) const;
    friend bool operator==(const Fmtp&, const Fmtp&) = default;
};

/// a=rtcp:<port> [<nettype> <addrtype> <address>] (RFC 3605 §2.1).
struct Rtcp {
    std::uint16_t port = 0;
    std::optional<Connection> address;  ///< ttl and count unused
    friend bool operator==(const Rtcp&, const Rtcp&) = default;
};

/// One key-param of a=crypto (RFC 4568 §9.1): `inline:<key||salt>[|<lifetime>][|<MKI>:<len>]`.
struct KeyParam {
    std::string method;                   ///< "inline"
    std::string info;                     ///< everything after "<method>:", raw
    std::string key_salt;                 ///< base64 key and salt (before the first '|')
    std::optional<std::string> lifetime;  ///< e.g. "2^20"
    std::optional<std::string> mki;       ///< e.g. "1:4"
    friend bool operator==(const KeyParam&, const KeyParam&) = default;
};

/// a=crypto:<tag> <crypto-suite> <key-params> [<session-params>] (RFC 4568 §9.1).
struct Crypto {
    std::uint32_t tag = 0;
    std::string suite;  ///< e.g. AES_CM_128_HMAC_SHA1_80
    std::vector<KeyParam> keys;
    std::string session_params;  ///< raw, "" when absent
    friend bool operator==(const Crypto&, const Crypto&) = default;
};

/// The first attribute named `name` (case-sensitive, RFC 8866 §5.13), or nullptr.
const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view name);

/// The direction attribute among `attributes`, if any (the last one wins).
std::optional<Direction> direction_of(const std::vector<Attribute>& attributes);

/// The attribute name of a direction ("sendrecv", ...).
std::string_view to_string(Direction d) noexcept;

/// One m= section (RFC 8866 §5.14) with its i= c= b= k= a= lines.
struct MediaDescription {
    std::string media;  ///< audio, video, text, application, message
    std::uint16_t port = 0;
    std::optional<std::uint16_t> port_count;
    std::string proto;                 ///< RTP/AVP, RTP/SAVP, RTP/AVPF, UDP/TLS/RTP/SAVPF, ...
    std::vector<std::string> formats;  ///< payload type numbers for RTP protocols
    std::optional<std::string> info;
    std::optional<Connection> connection;
    std::vector<Bandwidth> bandwidths;
    std::optional<std::string> key;  ///< k=, obsolete (RFC 8866 §5.12), kept raw
    std::vector<Attribute> attributes;

    friend bool operator==(const MediaDescription&, const MediaDescription&) = default;

    /// True for RTP profiles (the proto has an "RTP/" component), whose formats are payload types.
    [[nodiscard]] bool is_rtp() const noexcept;
    /// A port of 0 rejects or disables the stream (RFC 3264 §6).
    [[nodiscard]] bool rejected() const noexcept { return port == 0; }
    /// The formats as payload types (RTP only; non-numeric formats are skipped).
    [[nodiscard]] std::vector<std::uint8_t> payload_types() const;
    /// a=rtpmap for `payload_type`, if present and well formed.
    [[nodiscard]] std::optional<Rtpmap> rtpmap(std::uint8_t payload_type) const;
    /// a=fmtp for `format` (e.g. "101"), if present and well formed.
    [[nodiscard]] std::optional<Fmtp> fmtp(std::string_view format) const;
    /// a=ptime (RFC 8866 §6.4); a fractional value is truncated to whole milliseconds.
    [[nodiscard]] std::optional<std::chrono::milliseconds> ptime() const;
    /// a=maxptime (RFC 8866 §6.5).
    [[nodiscard]] std::optional<std::chrono::milliseconds> maxptime() const;
    /// The media-level direction attribute only; see SessionDescription::direction().
    [[nodiscard]] std::optional<Direction> direction_attribute() const {
        return direction_of(attributes);
    }
    /// a=rtcp (RFC 3605), if present and well formed.
    [[nodiscard]] std::optional<Rtcp> rtcp() const;
    /// a=rtcp-mux (RFC 5761 §5.1.1).
    [[nodiscard]] bool rtcp_mux() const { return find_attribute(attributes, "rtcp-mux"); }
    /// Every well-formed a=crypto line, in order (RFC 4568).
    [[nodiscard]] std::vector<Crypto> crypto() const;
};

/// A whole session description (RFC 8866 §5).
struct SessionDescription {
    std::uint32_t version = 0;
    Origin origin;
    std::string session_name = "-";
    std::optional<std::string> info;
    std::optional<std::string> uri;
    std::vector<std::string> emails;
    std::vector<std::string> phones;
    std::optional<Connection> connection;
    std::vector<Bandwidth> bandwidths;
    std::vector<Timing> timings{Timing{}};  ///< at least one t= line
    std::optional<std::string> zone;        ///< z=, kept raw
    std::optional<std::string> key;         ///< k=, obsolete, kept raw
    std::vector<Attribute> attributes;
    std::vector<MediaDescription> media;

    friend bool operator==(const SessionDescription&, const SessionDescription&) = default;

    /// The direction of `m`: its own attribute, else the session-level one, else sendrecv
    /// (RFC 8866 §6.7; RFC 3264 §5.1).
    [[nodiscard]] Direction direction(const MediaDescription& m) const;
    /// The connection that applies to `m`: its own c=, else the session-level one.
    [[nodiscard]] const Connection* connection_for(const MediaDescription& m) const;
};

}  // namespace sessioncore::sdp
