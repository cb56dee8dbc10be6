#pragma once
// A SIP request or response (RFC 3261 §7). The message owns one byte buffer; the start line,
// every header name and value and the body are views into it, so looking a header up copies
// nothing. Typed values (Via, From, CSeq, ...) are parsed on demand from those views.
//
// A message is move-only (its views point into its own storage); clone() makes a deep copy.
// Moving keeps every view valid: the storage is on the heap and does not move.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/header_id.hpp>
#include <sessioncore/sip/header_values.hpp>
#include <sessioncore/sip/method.hpp>
#include <sessioncore/sip/name_addr.hpp>
#include <sessioncore/sip/uri.hpp>
#include <sessioncore/sip/via.hpp>

namespace sessioncore::sip {

/// One header field in wire order.
struct HeaderField {
    HeaderId id = HeaderId::Other;
    std::string_view name;   ///< as written (may be the compact form, any case)
    std::string_view value;  ///< without surrounding LWS; folded lines keep their CRLF + WSP
    std::string_view raw;    ///< the whole field with its CRLF; empty once modified
};

enum class MessageKind : std::uint8_t { Request, Response };

class HeaderValues;

class Message {
public:
    Message();
    ~Message();
    Message(Message&&) noexcept;
    Message& operator=(Message&&) noexcept;
    Message(const Message&) = delete;
    Message& operator=(const Message&) = delete;

    /// A deep copy (the serialized bytes parsed again into new storage).
    [[nodiscard]] Message clone() const;
    /// Makes this an empty message, keeping its storage for the next parse_into().
    void clear() noexcept;

    // --- start line -------------------------------------------------------------------------
    [[nodiscard]] MessageKind kind() const noexcept { return kind_; }
    [[nodiscard]] bool is_request() const noexcept { return kind_ == MessageKind::Request; }
    [[nodiscard]] bool is_response() const noexcept { return kind_ == MessageKind::Response; }
    [[nodiscard]] Method method() const noexcept { return method_; }
    /// The request method token (any method, known or not); "" for responses.
    [[nodiscard]] std::string_view method_name() const noexcept { return method_name_; }
    /// The Request-URI as written; "" for responses.
    [[nodiscard]] std::string_view request_uri() const noexcept { return request_uri_; }
    [[nodiscard]] std::string_view version() const noexcept { return version_; }
    [[nodiscard]] std::uint16_t status_code() const noexcept { return status_code_; }
    [[nodiscard]] std::string_view reason() const noexcept { return reason_; }

    // --- headers ----------------------------------------------------------------------------
    [[nodiscard]] std::span<const HeaderField> headers() const noexcept { return headers_; }
    /// The first field with this id, or nullptr.
    [[nodiscard]] const HeaderField* find(HeaderId id) const noexcept;
    /// The first field with this name (case-insensitive, full or compact form), or nullptr.
    [[nodiscard]] const HeaderField* find(std::string_view name) const noexcept;
    [[nodiscard]] std::size_t count(HeaderId id) const noexcept;
    /// Every element of a header: list headers split at top-level commas across all their
    /// lines (quoted strings and <...> respected); other headers one element per line.
    [[nodiscard]] HeaderValues values(HeaderId id) const noexcept;
    [[nodiscard]] HeaderValues values(std::string_view name) const noexcept;

    [[nodiscard]] std::string_view body() const noexcept { return body_; }

    // --- typed accessors (views into this message) ------------------------------------------
    // A received message has its top Via, From, To, Call-ID and CSeq decoded once, when it is
    // parsed (and again when one of them changes): every layer asks for them, several times per
    // message. Messages parsed with ParseOptions::decode_common_headers off decode them on each
    // call.
    [[nodiscard]] Result<Uri> parsed_request_uri() const noexcept;
    [[nodiscard]] Result<Via> top_via() const noexcept {
        return decoded() ? derived_->top_via : decode_top_via();
    }
    [[nodiscard]] Result<NameAddr> from() const noexcept {
        return decoded() ? derived_->from : decode_name_addr(HeaderId::From);
    }
    [[nodiscard]] Result<NameAddr> to() const noexcept {
        return decoded() ? derived_->to : decode_name_addr(HeaderId::To);
    }
    [[nodiscard]] Result<std::string_view> call_id() const noexcept {
        return decoded() ? derived_->call_id : decode_call_id();
    }
    [[nodiscard]] Result<CSeq> cseq() const noexcept {
        return decoded() ? derived_->cseq : decode_cseq();
    }
    /// nullopt when absent.
    [[nodiscard]] Result<std::optional<std::uint8_t>> max_forwards() const noexcept;
    [[nodiscard]] Result<std::optional<std::uint32_t>> content_length() const noexcept;
    [[nodiscard]] Result<std::optional<std::uint32_t>> expires() const noexcept;
    [[nodiscard]] Result<std::optional<ContentType>> content_type() const noexcept;

    // --- modification (the serializer re-emits untouched fields byte for byte) --------------
    /// Replaces every field with this id by one field with `value` (appended if absent).
    void set_header(HeaderId id, std::string_view value);
    /// Appends a field; `name` may be any header name.
    void add_header(std::string_view name, std::string_view value);
    /// Removes every field with this id; returns how many were removed.
    std::size_t remove_header(HeaderId id);
    /// Replaces the body and sets Content-Length (and Content-Type when non-empty).
    void set_body(std::string_view body, std::string_view content_type = {});
    [[nodiscard]] bool modified() const noexcept { return modified_; }

    // --- serialization -----------------------------------------------------------------------
    /// Size of encode_to()'s output.
    [[nodiscard]] std::size_t encoded_size() const noexcept;
    /// Writes the message: unmodified parts exactly as received, modified fields in canonical
    /// form. Precondition: out.size() >= encoded_size(). Returns the bytes written.
    std::size_t encode_to(std::span<char> out) const noexcept;
    [[nodiscard]] std::string encode() const;
    /// Canonical form: one SP in the start line, full header names, "Name: value" CRLF,
    /// Content-Length matching the body.
    [[nodiscard]] std::string encode_canonical() const;

    /// The bytes this message was parsed from (including any re-emitted trailing bytes are
    /// excluded: a datagram's noise after the body is not part of the message).
    [[nodiscard]] std::string_view wire() const noexcept { return {storage_.get(), size_}; }

private:
    friend class MessageParser;
    friend class MessageBuilder;
    std::string_view keep(std::string_view text);  // copies into owned storage
    void swap_with(Message& other) noexcept;

    std::unique_ptr<char[]> storage_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
    std::vector<std::unique_ptr<char[]>> owned_;  // values written by set_header and friends

    MessageKind kind_ = MessageKind::Request;
    Method method_ = Method::Unknown;
    std::string_view method_name_, request_uri_, version_, reason_;
    std::uint16_t status_code_ = 0;
    std::string_view start_line_raw_;  // with CRLF
    std::string_view head_end_raw_;    // the empty line closing the headers ("" if missing)
    std::vector<HeaderField> headers_;
    std::string_view body_;
    bool modified_ = false;

    // What the message derives from its fields. On the heap, so that moving a message (about
    // 60 times per call) copies a pointer, not these arrays; kept across parse_into() like the
    // storage. Null while the message has never had a field (default-made or moved-from).
    struct Derived {
        // Per header id: index + 1 of its first field (0: absent) and how many fields it has
        // (saturating), so find(), count() and the typed accessors need no scan of headers_.
        std::array<std::uint16_t, header_id_count> first{};
        std::array<std::uint8_t, header_id_count> count{};
        bool decoded = false;  ///< the values below are current (else they mean nothing)
        Result<Via> top_via;
        Result<NameAddr> from;
        Result<NameAddr> to;
        Result<std::string_view> call_id;
        Result<CSeq> cseq;
    };
    std::unique_ptr<Derived> derived_;
    void make_derived() {
        if (!derived_)
            derived_ = std::make_unique<Derived>();
    }
    /// Precondition: make_derived() was called since the message last lost its fields.
    void index_field(std::size_t index) noexcept {  // inline: runs once per parsed header
        auto id = static_cast<std::size_t>(headers_[index].id);
        if (derived_->first[id] == 0)
            derived_->first[id] = static_cast<std::uint16_t>(index + 1);
        if (derived_->count[id] != 0xff)
            ++derived_->count[id];
    }
    void reindex();
    [[nodiscard]] bool decoded() const noexcept { return derived_ && derived_->decoded; }
    [[nodiscard]] Result<Via> decode_top_via() const noexcept;
    [[nodiscard]] Result<NameAddr> decode_name_addr(HeaderId id) const noexcept;
    [[nodiscard]] Result<std::string_view> decode_call_id() const noexcept;
    [[nodiscard]] Result<CSeq> decode_cseq() const noexcept;
    /// Decodes all five and keeps them current from now on.
    void decode_typed();
    /// After a change to header `id`: decodes it again if the message keeps decoded values.
    void redecode(HeaderId id) noexcept;
};

/// True when both messages say the same thing: same start line, the same header fields in the
/// same order (ids equal, extension names equal ignoring case, values equal once each run of
/// LWS is read as one space) and the same body. The round-trip property of the serializer.
bool equivalent(const Message& a, const Message& b) noexcept;

/// Range over the elements of one header (see Message::values).
class HeaderValues {
public:
    class iterator;
    HeaderValues() = default;
    /// The elements of the fields with `id` (or, for HeaderId::Other, named `name`) among
    /// `fields`, looking from fields[start] on.
    HeaderValues(std::span<const HeaderField> fields, HeaderId id, std::string_view name,
                 std::size_t start = 0) noexcept
        : fields_(fields), id_(id), name_(name), start_(start) {}
    [[nodiscard]] iterator begin() const noexcept;
    [[nodiscard]] iterator end() const noexcept;
    [[nodiscard]] bool empty() const noexcept;
    [[nodiscard]] std::size_t size() const noexcept;

private:
    std::span<const HeaderField> fields_;
    HeaderId id_ = HeaderId::None;
    std::string_view name_;  // for HeaderId::Other
    std::size_t start_ = 0;
};

class HeaderValues::iterator {
public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    std::string_view operator*() const noexcept { return current_; }
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept {
        auto copy = *this;
        ++*this;
        return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
        return a.index_ == b.index_ && a.rest_.data() == b.rest_.data() && a.done_ == b.done_ &&
               a.more_ == b.more_;
    }

private:
    friend class HeaderValues;
    iterator(const HeaderValues* owner, std::size_t index) noexcept;
    void load_field() noexcept;  // finds the next matching field from index_
    void take_element() noexcept;
    const HeaderValues* owner_ = nullptr;
    std::size_t index_ = 0;
    std::string_view rest_;
    std::string_view current_;
    bool list_ = false;
    bool more_ = false;  // a comma was seen: another element follows in this field
    bool done_ = true;
};

}  // namespace sessioncore::sip
