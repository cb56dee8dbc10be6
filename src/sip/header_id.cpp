#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <sessioncore/sip/header_id.hpp>

#include "lex.hpp"

namespace sessioncore::sip {
namespace {

struct NameEntry {
    HeaderId id;
    std::string_view name;
    char compact;  // RFC 3261 §7.3.3 and later RFCs' compact form, 0 if none
    bool list;     // comma-separated list header (RFC 3261 §7.3.1)
};

constexpr std::array<NameEntry, header_id_count> entries = {{
    {HeaderId::None, "", 0, false},
    {HeaderId::Other, "", 0, false},
    {HeaderId::Accept, "Accept", 0, true},
    {HeaderId::AcceptContact, "Accept-Contact", 'a', true},
    {HeaderId::AcceptEncoding, "Accept-Encoding", 0, true},
    {HeaderId::AcceptLanguage, "Accept-Language", 0, true},
    {HeaderId::AlertInfo, "Alert-Info", 0, true},
    {HeaderId::Allow, "Allow", 0, true},
    {HeaderId::AllowEvents, "Allow-Events", 'u', true},
    {HeaderId::AuthenticationInfo, "Authentication-Info", 0, false},
    {HeaderId::Authorization, "Authorization", 0, false},
    {HeaderId::CallId, "Call-ID", 'i', false},
    {HeaderId::CallInfo, "Call-Info", 0, true},
    {HeaderId::Contact, "Contact", 'm', true},
    {HeaderId::ContentDisposition, "Content-Disposition", 0, false},
    {HeaderId::ContentEncoding, "Content-Encoding", 'e', true},
    {HeaderId::ContentLanguage, "Content-Language", 0, true},
    {HeaderId::ContentLength, "Content-Length", 'l', false},
    {HeaderId::ContentType, "Content-Type", 'c', false},
    {HeaderId::CSeq, "CSeq", 0, false},
    {HeaderId::Date, "Date", 0, false},
    {HeaderId::ErrorInfo, "Error-Info", 0, true},
    {HeaderId::Event, "Event", 'o', false},
    {HeaderId::Expires, "Expires", 0, false},
    {HeaderId::From, "From", 'f', false},
    {HeaderId::Identity, "Identity", 'y', false},
    {HeaderId::IdentityInfo, "Identity-Info", 'n', false},
    {HeaderId::InReplyTo, "In-Reply-To", 0, true},
    {HeaderId::MaxForwards, "Max-Forwards", 0, false},
    {HeaderId::MimeVersion, "MIME-Version", 0, false},
    {HeaderId::MinExpires, "Min-Expires", 0, false},
    {HeaderId::MinSe, "Min-SE", 0, false},
    {HeaderId::Organization, "Organization", 0, false},
    {HeaderId::PAssertedIdentity, "P-Asserted-Identity", 0, true},
    {HeaderId::Path, "Path", 0, true},
    {HeaderId::Priority, "Priority", 0, false},
    {HeaderId::Privacy, "Privacy", 0, false},
    {HeaderId::ProxyAuthenticate, "Proxy-Authenticate", 0, false},
    {HeaderId::ProxyAuthorization, "Proxy-Authorization", 0, false},
    {HeaderId::ProxyRequire, "Proxy-Require", 0, true},
    {HeaderId::RAck, "RAck", 0, false},
    {HeaderId::Reason, "Reason", 0, true},
    {HeaderId::RecordRoute, "Record-Route", 0, true},
    {HeaderId::ReferTo, "Refer-To", 'r', false},
    {HeaderId::ReferredBy, "Referred-By", 'b', false},
    {HeaderId::RejectContact, "Reject-Contact", 'j', true},
    {HeaderId::Replaces, "Replaces", 0, false},
    {HeaderId::ReplyTo, "Reply-To", 0, false},
    {HeaderId::RequestDisposition, "Request-Disposition", 'd', true},
    {HeaderId::Require, "Require", 0, true},
    {HeaderId::RetryAfter, "Retry-After", 0, false},
    {HeaderId::Route, "Route", 0, true},
    {HeaderId::RSeq, "RSeq", 0, false},
    {HeaderId::Server, "Server", 0, false},
    {HeaderId::SessionExpires, "Session-Expires", 'x', false},
    {HeaderId::Subject, "Subject", 's', false},
    {HeaderId::SubscriptionState, "Subscription-State", 0, false},
    {HeaderId::Supported, "Supported", 'k', true},
    {HeaderId::Timestamp, "Timestamp", 0, false},
    {HeaderId::To, "To", 't', false},
    {HeaderId::Unsupported, "Unsupported", 0, true},
    {HeaderId::UserAgent, "User-Agent", 0, false},
    {HeaderId::Via, "Via", 'v', true},
    {HeaderId::Warning, "Warning", 0, true},
    {HeaderId::WwwAuthenticate, "WWW-Authenticate", 0, false},
}};

static_assert(
    [] {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (static_cast<std::size_t>(entries[i].id) != i)
                return false;
        }
        return true;
    }(),
    "entries must be in HeaderId order");

// Lookup: a table indexed by a hash of (length, first letter, last letter), all cheap to read,
// then one case-insensitive compare. Measured: the FNV hash over every byte it replaced cost
// 11% of a full INVITE parse (docs/PERFORMANCE.md).
constexpr std::size_t table_size = 512;

constexpr std::uint32_t hash_name(std::string_view name) noexcept {
    auto first = static_cast<std::uint32_t>(static_cast<unsigned char>(name.front()) | 0x20);
    auto last = static_cast<std::uint32_t>(static_cast<unsigned char>(name.back()) | 0x20);
    return static_cast<std::uint32_t>(name.size()) * 7u + first * 31u + last * 131u;
}

/// Case-insensitive equality of a known name (letters and '-') with a header token. For token
/// characters, c | 0x20 maps upper to lower case and leaves '-' and digits alone; no token
/// character other than a letter folds onto a letter.
bool same_name(std::string_view known, std::string_view token) noexcept {
    if (known.size() != token.size())
        return false;
    // Eight bytes at a time: header names are short, and this compare runs for every header.
    constexpr std::uint64_t fold = 0x2020202020202020ull;
    std::size_t i = 0;
    for (; i + 8 <= known.size(); i += 8) {
        std::uint64_t a, b;
        std::memcpy(&a, known.data() + i, 8);
        std::memcpy(&b, token.data() + i, 8);
        if ((a | fold) != (b | fold))
            return false;
    }
    if (i + 4 <= known.size()) {
        std::uint32_t a, b;
        std::memcpy(&a, known.data() + i, 4);
        std::memcpy(&b, token.data() + i, 4);
        if ((a | 0x20202020u) != (b | 0x20202020u))
            return false;
        i += 4;
    }
    for (; i < known.size(); ++i) {
        if ((known[i] | 0x20) != (token[i] | 0x20))
            return false;
    }
    return true;
}

struct Slot {
    std::string_view name;
    HeaderId id = HeaderId::None;
};

constexpr std::array<Slot, table_size> make_table() {
    std::array<Slot, table_size> table{};
    auto insert = [&table](std::string_view name, HeaderId id) {
        std::size_t i = hash_name(name) % table_size;
        while (table[i].id != HeaderId::None)
            i = (i + 1) % table_size;
        table[i] = Slot{name, id};
    };
    for (std::size_t i = 2; i < entries.size(); ++i) {
        insert(entries[i].name, entries[i].id);
    }
    // Compact forms are single letters; stored in a view over a static string of letters.
    constexpr std::string_view letters = "abcdefghijklmnopqrstuvwxyz";
    for (std::size_t i = 2; i < entries.size(); ++i) {
        if (entries[i].compact != 0) {
            auto pos = static_cast<std::size_t>(entries[i].compact - 'a');
            insert(letters.substr(pos, 1), entries[i].id);
        }
    }
    return table;
}

constexpr std::array<Slot, table_size> table = make_table();

}  // namespace

HeaderId header_id_of(std::string_view name) noexcept {
    if (name.empty())
        return HeaderId::Other;
    std::size_t i = hash_name(name) % table_size;
    while (table[i].id != HeaderId::None) {
        if (same_name(table[i].name, name))
            return table[i].id;
        i = (i + 1) % table_size;
    }
    return HeaderId::Other;
}

std::string_view canonical_name(HeaderId id) noexcept {
    auto i = static_cast<std::size_t>(id);
    return i < entries.size() ? entries[i].name : std::string_view{};
}

bool is_list_header(HeaderId id) noexcept {
    auto i = static_cast<std::size_t>(id);
    return i < entries.size() && entries[i].list;
}

}  // namespace sessioncore::sip
