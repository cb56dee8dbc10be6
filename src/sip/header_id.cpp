#include <array>
#include <cstddef>
#include <cstdint>

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

// Lookup: a hash of the lower-cased name into an open-addressed table built at compile time.
// One hash pass and one case-insensitive compare per header on the parse hot path.
constexpr std::size_t table_size = 256;

constexpr std::uint32_t hash_name(std::string_view name) noexcept {
    std::uint32_t h = 2166136261u;  // FNV-1a over lower-cased bytes
    for (char c : name) {
        h ^= static_cast<unsigned char>(lex::to_lower(c));
        h *= 16777619u;
    }
    return h;
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
        if (lex::iequals(table[i].name, name))
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
