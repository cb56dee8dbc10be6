#pragma once
// Authorization, Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate and
// Authentication-Info values (RFC 3261 §20.7, §20.27, §20.28, §20.44, §25.1; RFC 7616; RFC 8760).

#include <optional>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/params.hpp>

namespace sessioncore::sip {

/// One auth-param: name = token / quoted-string. `value` has no quotes; quoted-pairs stay escaped.
struct AuthParam {
    std::string_view name;
    std::string_view value;
    bool quoted = false;
};

/// A credentials or challenge value: scheme then a comma-separated auth-param list.
/// Any scheme is accepted (RFC 4475 regaut01); params are iterated lazily.
class AuthValue {
public:
    class iterator;
    std::string_view scheme;  ///< "Digest" or any token
    std::string_view params_raw;

    /// The first param of that name (case-insensitive), unquoted.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept;
    [[nodiscard]] iterator begin() const noexcept;
    [[nodiscard]] iterator end() const noexcept;
};

class AuthValue::iterator {
public:
    using value_type = AuthParam;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    const AuthParam& operator*() const noexcept { return current_; }
    const AuthParam* operator->() const noexcept { return &current_; }
    iterator& operator++() noexcept;
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
        return a.at_end_ == b.at_end_ && (a.at_end_ || a.rest_.data() == b.rest_.data());
    }

private:
    friend class AuthValue;
    explicit iterator(std::string_view raw) noexcept;
    std::string_view rest_;
    bool at_end_ = true;
    AuthParam current_;
};

/// Parses `scheme [auth-param *(COMMA auth-param)]`. Errors: errc::bad_header_value with `which`.
Result<AuthValue> parse_auth_value(std::string_view text, HeaderId which) noexcept;

/// The Digest parameters (RFC 7616 §3.3, §3.4; RFC 8760 algorithms), unquoted; absent ones
/// are empty. `stale` is true only for stale=true (case-insensitive).
struct Digest {
    std::string_view realm, nonce, opaque, algorithm, qop, domain;   // challenge
    std::string_view username, uri, response, cnonce, nc, userhash;  // credentials
    std::string_view nextnonce, rspauth;                             // Authentication-Info
    bool stale = false;
};
/// Reads the Digest params of a parsed value; errc::bad_header_value when the scheme is not
/// Digest or a known param appears twice.
Result<Digest> parse_digest(const AuthValue& value, HeaderId which) noexcept;

}  // namespace sessioncore::sip
