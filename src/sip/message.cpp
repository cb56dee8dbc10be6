// Message: storage, header lookup, typed accessors and modification. Parsing is in parser.cpp,
// serialization in serializer.cpp.
#include <algorithm>
#include <cstring>
#include <utility>

#include <sessioncore/sip/message.hpp>
#include <sessioncore/sip/parser.hpp>

#include "lex.hpp"
#include "message_access.hpp"

namespace sessioncore::sip {
namespace {

/// Moves views into one buffer onto the same bytes of a copy of it (null views stay null).
class Rebase {
public:
    Rebase(const char* from, const char* to) noexcept : from_(from), to_(to) {}
    [[nodiscard]] std::string_view moved(std::string_view v) const noexcept {
        return v.data() == nullptr ? v : std::string_view(to_ + (v.data() - from_), v.size());
    }
    void operator()(std::string_view& v) const noexcept { v = moved(v); }
    void operator()(std::optional<std::string_view>& v) const noexcept {
        if (v)
            *v = moved(*v);
    }
    void operator()(Params& p) const noexcept { p = Params(moved(p.raw())); }

private:
    const char* from_;
    const char* to_;
};

// The decoded values of a clone: every view they hold, moved onto the copy's bytes, instead of
// decoding the copy again. The sizes pin the layouts: a field added to one of these structs
// must be rebased here too (else the clone would point into the original's storage).
static_assert(sizeof(Uri) == 152 && sizeof(Via) == 168 && sizeof(NameAddr) == 232 &&
                  sizeof(CSeq) == 32,
              "a field was added: rebase it below");

void rebase(Uri& u, const Rebase& r) noexcept {
    for (std::string_view* v :
         {&u.scheme_name, &u.user, &u.password, &u.host, &u.headers, &u.opaque, &u.raw})
        r(*v);
    r(u.params);
}

void rebase(Via& v, const Rebase& r) noexcept {
    for (std::string_view* s : {&v.protocol_name, &v.protocol_version, &v.transport, &v.host})
        r(*s);
    r(v.params);
    r(v.branch);
    r(v.received);
    r(v.maddr);
}

void rebase(NameAddr& n, const Rebase& r) noexcept {
    r(n.display_name);
    rebase(n.uri, r);
    r(n.params);
    r(n.parsed_tag);
    r(n.parsed_tag_params);
}

void rebase(std::string_view& v, const Rebase& r) noexcept {
    r(v);
}

void rebase(CSeq& c, const Rebase& r) noexcept {
    r(c.method_name);
}

template <class T>
void rebase(Result<T>& value, const Rebase& r) noexcept {
    if (value)
        rebase(*value, r);  // an error holds offsets only
}

}  // namespace

Message::Message() = default;
Message::~Message() = default;
// The moved-from message is left empty and without storage (capacity 0), so a later
// parse_into() on it allocates instead of writing through the moved-away buffer.
Message::Message(Message&& other) noexcept
    : storage_(std::move(other.storage_)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)),
      owned_(std::move(other.owned_)),
      kind_(other.kind_),
      method_(other.method_),
      method_name_(other.method_name_),
      request_uri_(other.request_uri_),
      version_(other.version_),
      reason_(other.reason_),
      status_code_(other.status_code_),
      start_line_raw_(other.start_line_raw_),
      head_end_raw_(other.head_end_raw_),
      headers_(std::move(other.headers_)),
      body_(other.body_),
      modified_(other.modified_),
      derived_(std::move(other.derived_)) {
    other.clear();
}

Message& Message::operator=(Message&& other) noexcept {
    if (this != &other) {
        Message moved(std::move(other));
        swap_with(moved);
    }
    return *this;
}

void Message::swap_with(Message& other) noexcept {
    using std::swap;
    swap(storage_, other.storage_);
    swap(size_, other.size_);
    swap(capacity_, other.capacity_);
    swap(owned_, other.owned_);
    swap(kind_, other.kind_);
    swap(method_, other.method_);
    swap(method_name_, other.method_name_);
    swap(request_uri_, other.request_uri_);
    swap(version_, other.version_);
    swap(reason_, other.reason_);
    swap(status_code_, other.status_code_);
    swap(start_line_raw_, other.start_line_raw_);
    swap(head_end_raw_, other.head_end_raw_);
    swap(headers_, other.headers_);
    swap(body_, other.body_);
    swap(modified_, other.modified_);
    swap(derived_, other.derived_);
}

void Message::clear() noexcept {
    size_ = 0;
    owned_.clear();
    kind_ = MessageKind::Request;
    method_ = Method::Unknown;
    method_name_ = request_uri_ = version_ = reason_ = {};
    status_code_ = 0;
    start_line_raw_ = head_end_raw_ = body_ = {};
    headers_.clear();
    modified_ = false;
    if (derived_) {
        derived_->first.fill(0);
        derived_->count.fill(0);
        derived_->decoded = false;  // the values are left as they are: nothing reads them now
    }
}

Message Message::clone() const {
    if (modified_ || !owned_.empty()) {
        // Some views point outside the storage (set_header's values, canonical names):
        // serialize and parse again.
        std::string bytes = encode();
        ParseOptions options;
        options.decode_common_headers = decoded();
        auto copy = parse(bytes, options);
        SC_SIP_ASSERT(copy.has_value(), "a serialized message must parse again");
        return std::move(*copy);
    }
    // Every view is inside storage_[0, size_): copy the bytes and move the views onto the
    // copy. Keeps the message exactly as parsed, for a fraction of a parse.
    Message copy;
    copy.storage_ = std::make_unique<char[]>(size_ == 0 ? 1 : size_);
    copy.capacity_ = size_;
    copy.size_ = size_;
    if (size_ > 0)
        std::memcpy(copy.storage_.get(), storage_.get(), size_);
    const char* from = storage_.get();
    char* to = copy.storage_.get();
    const auto rebase = [from, to](std::string_view v) {
        return v.data() == nullptr ? v : std::string_view(to + (v.data() - from), v.size());
    };
    copy.kind_ = kind_;
    copy.method_ = method_;
    copy.method_name_ = rebase(method_name_);
    copy.request_uri_ = rebase(request_uri_);
    copy.version_ = rebase(version_);
    copy.reason_ = rebase(reason_);
    copy.status_code_ = status_code_;
    copy.start_line_raw_ = rebase(start_line_raw_);
    copy.head_end_raw_ = rebase(head_end_raw_);
    copy.headers_.reserve(headers_.size());
    for (const HeaderField& f : headers_)
        copy.headers_.push_back({f.id, rebase(f.name), rebase(f.value), rebase(f.raw)});
    copy.body_ = rebase(body_);
    if (derived_) {
        // The index as it is, and the decoded values with their views moved onto the copy.
        copy.derived_ = std::make_unique<Derived>(*derived_);
        if (decoded()) {
            const Rebase onto(from, to);
            sip::rebase(copy.derived_->top_via, onto);
            sip::rebase(copy.derived_->from, onto);
            sip::rebase(copy.derived_->to, onto);
            sip::rebase(copy.derived_->call_id, onto);
            sip::rebase(copy.derived_->cseq, onto);
        }
    }
    return copy;
}

std::string_view Message::keep(std::string_view text) {
    auto block = std::make_unique<char[]>(text.size() + 1);
    if (!text.empty())
        std::memcpy(block.get(), text.data(), text.size());
    std::string_view view(block.get(), text.size());
    owned_.push_back(std::move(block));
    return view;
}

void Message::reindex() {
    make_derived();
    derived_->first.fill(0);
    derived_->count.fill(0);
    for (std::size_t i = 0; i < headers_.size(); ++i)
        index_field(i);
}

const HeaderField* Message::find(HeaderId id) const noexcept {
    if (!derived_)
        return nullptr;
    std::uint16_t first = derived_->first[static_cast<std::size_t>(id)];
    return first == 0 ? nullptr : &headers_[first - 1u];
}

const HeaderField* Message::find(std::string_view name) const noexcept {
    HeaderId id = header_id_of(name);
    if (id != HeaderId::Other)
        return find(id);
    for (const HeaderField& f : headers_) {
        if (f.id == HeaderId::Other && lex::iequals(f.name, name))
            return &f;
    }
    return nullptr;
}

std::size_t Message::count(HeaderId id) const noexcept {
    if (!derived_)
        return 0;
    std::uint8_t n = derived_->count[static_cast<std::size_t>(id)];
    if (n != 0xff)
        return n;
    return static_cast<std::size_t>(std::count_if(headers_.begin(), headers_.end(),
                                                  [id](const auto& f) { return f.id == id; }));
}

HeaderValues Message::values(HeaderId id) const noexcept {
    std::uint16_t first = derived_ ? derived_->first[static_cast<std::size_t>(id)] : 0;
    if (id != HeaderId::Other && first == 0)
        return {std::span<const HeaderField>{}, id, {}};
    return {headers_, id, {}, id == HeaderId::Other ? 0u : first - 1u};
}

HeaderValues Message::values(std::string_view name) const noexcept {
    return {headers_, header_id_of(name), name};
}

// --- typed accessors ---------------------------------------------------------------------------

Result<Uri> Message::parsed_request_uri() const noexcept {
    auto uri = parse_uri(request_uri_);
    if (!uri) {
        return Error{errc::bad_request_uri, HeaderId::None,
                     offset_in(wire(), request_uri_) + uri.error().offset};
    }
    return uri;
}

Result<Via> Message::decode_top_via() const noexcept {
    auto vias = values(HeaderId::Via);
    if (vias.empty())
        return Error{errc::missing_header, HeaderId::Via, 0};
    std::string_view first = *vias.begin();
    return in_message(parse_via(first), wire(), first);
}

Result<NameAddr> Message::decode_name_addr(HeaderId id) const noexcept {
    return single(*this, id, [id](std::string_view v) { return parse_name_addr(v, id); });
}

void Message::decode_typed() {
    make_derived();
    derived_->top_via = decode_top_via();
    derived_->from = decode_name_addr(HeaderId::From);
    derived_->to = decode_name_addr(HeaderId::To);
    derived_->call_id = decode_call_id();
    derived_->cseq = decode_cseq();
    derived_->decoded = true;
}

void Message::redecode(HeaderId id) noexcept {
    if (!decoded())
        return;
    if (id == HeaderId::Via)
        derived_->top_via = decode_top_via();
    else if (id == HeaderId::From || id == HeaderId::To)
        (id == HeaderId::From ? derived_->from : derived_->to) = decode_name_addr(id);
    else if (id == HeaderId::CallId)
        derived_->call_id = decode_call_id();
    else if (id == HeaderId::CSeq)
        derived_->cseq = decode_cseq();
}

Result<std::string_view> Message::decode_call_id() const noexcept {
    return single(*this, HeaderId::CallId, [](std::string_view v) { return parse_call_id(v); });
}

Result<CSeq> Message::decode_cseq() const noexcept {
    return single(*this, HeaderId::CSeq, [](std::string_view v) { return parse_cseq(v); });
}

Result<std::optional<std::uint8_t>> Message::max_forwards() const noexcept {
    return optional_single(*this, HeaderId::MaxForwards,
                           [](std::string_view v) { return parse_max_forwards(v); });
}

Result<std::optional<std::uint32_t>> Message::content_length() const noexcept {
    return optional_single(*this, HeaderId::ContentLength, [](std::string_view v) {
        return parse_uint32(v, HeaderId::ContentLength);
    });
}

Result<std::optional<std::uint32_t>> Message::expires() const noexcept {
    return optional_single(*this, HeaderId::Expires,
                           [](std::string_view v) { return parse_uint32(v, HeaderId::Expires); });
}

Result<std::optional<ContentType>> Message::content_type() const noexcept {
    return optional_single(*this, HeaderId::ContentType,
                           [](std::string_view v) { return parse_content_type(v); });
}

// --- modification ------------------------------------------------------------------------------

void Message::set_header(HeaderId id, std::string_view value) {
    SC_SIP_ASSERT(id != HeaderId::None && id != HeaderId::Other, "set_header needs a known id");
    std::string_view kept = keep(lex::trim(value));
    bool replaced = false;
    std::erase_if(headers_, [&](HeaderField& f) {
        if (f.id != id)
            return false;
        if (replaced)
            return true;
        f = HeaderField{id, canonical_name(id), kept, {}};
        replaced = true;
        return false;
    });
    if (!replaced)
        headers_.push_back(HeaderField{id, canonical_name(id), kept, {}});
    reindex();
    modified_ = true;
    redecode(id);
}

void Message::add_header(std::string_view name, std::string_view value) {
    HeaderId id = header_id_of(name);
    std::string_view kept_name = id == HeaderId::Other ? keep(name) : canonical_name(id);
    headers_.push_back(HeaderField{id, kept_name, keep(lex::trim(value)), {}});
    make_derived();
    index_field(headers_.size() - 1);
    modified_ = true;
    if (id != HeaderId::Other)
        redecode(id);
}

std::size_t Message::remove_header(HeaderId id) {
    std::size_t removed =
        std::erase_if(headers_, [id](const HeaderField& f) { return f.id == id; });
    reindex();
    modified_ = modified_ || removed > 0;
    redecode(id);
    return removed;
}

void Message::set_body(std::string_view body, std::string_view content_type) {
    body_ = keep(body);
    set_header(HeaderId::ContentLength, std::to_string(body.size()));
    if (!content_type.empty())
        set_header(HeaderId::ContentType, content_type);
    modified_ = true;
}

// --- HeaderValues ------------------------------------------------------------------------------

HeaderValues::iterator HeaderValues::begin() const noexcept {
    return iterator(this, start_);
}
HeaderValues::iterator HeaderValues::end() const noexcept {
    return iterator(this, fields_.size());
}

bool HeaderValues::empty() const noexcept {
    return begin() == end();
}

std::size_t HeaderValues::size() const noexcept {
    std::size_t n = 0;
    for (auto it = begin(); it != end(); ++it)
        ++n;
    return n;
}

HeaderValues::iterator::iterator(const HeaderValues* owner, std::size_t index) noexcept
    : owner_(owner), index_(index), done_(false) {
    if (owner_->id_ != HeaderId::Other)
        list_ = is_list_header(owner_->id_);
    load_field();
}

void HeaderValues::iterator::load_field() noexcept {
    const auto& fields = owner_->fields_;
    for (; index_ < fields.size(); ++index_) {
        const HeaderField& f = fields[index_];
        bool match = owner_->id_ == HeaderId::Other
                         ? f.id == HeaderId::Other && lex::iequals(f.name, owner_->name_)
                         : f.id == owner_->id_;
        if (!match || f.value.empty())
            continue;
        rest_ = f.value;
        take_element();
        return;
    }
    rest_ = {};
    current_ = {};
    done_ = true;
    index_ = fields.size();
}

void HeaderValues::iterator::take_element() noexcept {
    // Most list values hold one element: when there is no comma at all (one memchr), there is
    // nothing to split and no quote or bracket to track.
    bool any_comma = list_ && std::memchr(rest_.data(), ',', rest_.size()) != nullptr;
    std::size_t comma = any_comma ? lex::find_top_level(rest_, ',') : std::string_view::npos;
    more_ = comma != std::string_view::npos;
    if (!more_) {
        current_ = list_ ? lex::trim(rest_) : rest_;
        rest_ = rest_.substr(rest_.size());
        return;
    }
    current_ = lex::trim(rest_.substr(0, comma));
    rest_ = rest_.substr(comma + 1);
}

HeaderValues::iterator& HeaderValues::iterator::operator++() noexcept {
    // A list field ending in a comma still has an (empty) element after it: "a," is two, so
    // that validators see the stray separator (RFC 4475 badinv01).
    if (more_) {
        take_element();
        return *this;
    }
    ++index_;
    load_field();
    return *this;
}

}  // namespace sessioncore::sip
