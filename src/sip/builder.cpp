#include <array>
#include <charconv>
#include <cstring>

#include <sessioncore/sip/builder.hpp>
#include <sessioncore/sip/limits.hpp>

#include "lex.hpp"
#include "message_access.hpp"

namespace sessioncore::sip {
namespace {

// string_view::find_first_of calls memchr once per character; two find()s scan in bulk.
bool has_line_break(std::string_view text) {
    return text.find('\r') != std::string_view::npos || text.find('\n') != std::string_view::npos;
}

bool has_whitespace(std::string_view text) {
    return has_line_break(text) || text.find(' ') != std::string_view::npos ||
           text.find('\t') != std::string_view::npos;
}

constexpr std::string_view version_text = "SIP/2.0";
constexpr std::size_t request_line_tail = 10;  // " SIP/2.0\r\n" after the Request-URI
constexpr std::size_t reason_begin = 12;       // "SIP/2.0 200 " before the reason phrase

/// Where a field's value starts: after "name: ", or, when it is empty, where parse() puts an
/// empty value (after the colon: the space is trailing whitespace then).
std::size_t value_begin(std::uint32_t begin, std::uint32_t name_size, std::uint32_t value_size) {
    return begin + name_size + (value_size == 0 ? 1 : 2);
}

std::size_t line_size(std::uint32_t name_size, std::uint32_t value_size) {
    return name_size + 2 + value_size + 2;
}

}  // namespace

MessageBuilder MessageBuilder::request(std::string_view method, std::string_view request_uri) {
    SC_SIP_ASSERT(!method.empty() && lex::token_length(method, 0) == method.size(),
                  "the method must be a token");
    SC_SIP_ASSERT(!request_uri.empty() && !has_whitespace(request_uri),
                  "the Request-URI must not contain whitespace");
    std::string line;
    line.append(method).append(" ").append(request_uri).append(" SIP/2.0\r\n");
    return MessageBuilder(std::move(line), method.size());
}

MessageBuilder MessageBuilder::response(std::uint16_t status, std::string_view reason) {
    SC_SIP_ASSERT(status >= 100 && status <= 699, "a status code is 100..699");
    if (reason.empty())
        reason = reason_phrase_for(status);
    SC_SIP_ASSERT(!has_line_break(reason), "a reason phrase is one line");
    std::string line = "SIP/2.0 " + std::to_string(status);
    line.append(" ").append(reason).append("\r\n");
    return MessageBuilder(std::move(line), 0);
}

MessageBuilder::MessageBuilder(std::string start_line, std::size_t method_size)
    : head_(std::move(start_line)), start_size_(head_.size()), method_size_(method_size) {
    head_.reserve(initial_capacity);
    fields_.reserve(16);  // a typical message's fields, in one allocation
}

MessageBuilder& MessageBuilder::header(HeaderId id, std::string_view value) {
    SC_SIP_ASSERT(id != HeaderId::None && id != HeaderId::Other, "a known header id");
    // Content-Length is the builder's: it always matches the body.
    if (id != HeaderId::ContentLength)
        append_field(id, canonical_name(id), value);
    return *this;
}

MessageBuilder& MessageBuilder::header(std::string_view name, std::string_view value) {
    SC_SIP_ASSERT(!name.empty() && lex::token_length(name, 0) == name.size(),
                  "a header name is a token");
    HeaderId id = header_id_of(name);
    if (id != HeaderId::ContentLength)
        append_field(id, name, value);
    return *this;
}

void MessageBuilder::append_field(HeaderId id, std::string_view name, std::string_view value) {
    SC_SIP_ASSERT(!has_line_break(value), "a header value is one line");
    value = lex::trim(value);
    fields_.push_back(Field{id, static_cast<std::uint32_t>(head_.size()),
                            static_cast<std::uint32_t>(name.size()),
                            static_cast<std::uint32_t>(value.size())});
    head_.append(name).append(": ").append(value).append("\r\n");
}

MessageBuilder& MessageBuilder::body(std::string_view content_type, std::string_view bytes) {
    SC_SIP_ASSERT(!has_line_break(content_type), "a content type is one line");
    content_type_ = lex::trim(content_type);
    body_ = bytes;
    return *this;
}

std::string MessageBuilder::str() const {
    std::string out;
    out.reserve(head_.size() + content_type_.size() + body_.size() + 48);
    out = head_;
    if (!content_type_.empty())
        out.append("Content-Type: ").append(content_type_).append("\r\n");
    out.append("Content-Length: ").append(std::to_string(body_.size())).append("\r\n\r\n");
    return out.append(body_);
}

Result<void> MessageBuilder::check(std::size_t size, std::span<const Field> tail) const {
    // The checks parse() would make of these bytes, in its order and with its errors: nothing
    // else can fail, since the builder's preconditions rule out every framing problem.
    const Limits limits;
    if (size > limits.max_message_size)
        return Error{errc::message_too_large, HeaderId::None, limits.max_message_size};
    if (method_size_ > 0) {
        if (start_size_ - method_size_ - 1 - request_line_tail > limits.max_uri_length)
            return Error{errc::uri_too_long, HeaderId::None, method_size_ + 1};
    } else {
        for (std::size_t i = reason_begin; i + 2 < start_size_; ++i) {
            auto c = static_cast<unsigned char>(head_[i]);
            if ((c < ' ' && c != '\t') || c == 0x7f)
                return Error{errc::bad_reason_phrase, HeaderId::None, i};
        }
    }
    std::size_t count = 0;
    for (std::span<const Field> fields : {std::span<const Field>(fields_), tail}) {
        for (const Field& f : fields) {
            if (count++ >= limits.max_header_count)
                return Error{errc::headers_too_many, HeaderId::None, f.begin};
            if (line_size(f.name_size, f.value_size) > limits.max_header_length)
                return Error{errc::header_too_long, f.id, f.begin};
        }
    }
    if (body_.size() > limits.max_body_size)
        return Error{errc::body_too_large, HeaderId::ContentLength, tail.back().begin};
    return {};
}

void MessageBuilder::assemble(Message& m, std::span<const Field> tail) const {
    // The views parse() would set, straight from the offsets the builder kept.
    const char* base = m.storage_.get();
    const auto view = [base](std::size_t at, std::size_t n) {
        return std::string_view(base + at, n);
    };
    m.start_line_raw_ = view(0, start_size_);
    if (method_size_ > 0) {
        m.kind_ = MessageKind::Request;
        m.method_name_ = view(0, method_size_);
        m.method_ = method_of(m.method_name_);
        m.request_uri_ = view(method_size_ + 1, start_size_ - method_size_ - 1 - request_line_tail);
        m.version_ = view(start_size_ - 2 - version_text.size(), version_text.size());
    } else {
        m.kind_ = MessageKind::Response;
        m.version_ = view(0, version_text.size());
        m.status_code_ = static_cast<std::uint16_t>((base[8] - '0') * 100 + (base[9] - '0') * 10 +
                                                    (base[10] - '0'));
        // An empty phrase ("SIP/2.0 299 ") is no view at all, as in parse().
        if (start_size_ > reason_begin + 2)
            m.reason_ = view(reason_begin, start_size_ - reason_begin - 2);
    }
    m.headers_.reserve(fields_.size() + tail.size());
    m.make_derived();
    std::size_t end = head_.size();
    for (std::span<const Field> fields : {std::span<const Field>(fields_), tail}) {
        for (const Field& f : fields) {
            std::size_t line = line_size(f.name_size, f.value_size);
            m.headers_.push_back(
                HeaderField{f.id, view(f.begin, f.name_size),
                            view(value_begin(f.begin, f.name_size, f.value_size), f.value_size),
                            view(f.begin, line)});
            m.index_field(m.headers_.size() - 1);
            end = f.begin + line;
        }
    }
    m.head_end_raw_ = view(end, 2);
    m.body_ = view(end + 2, body_.size());
}

Result<Message> MessageBuilder::build() const {
    char digits[24];
    auto written = std::to_chars(digits, digits + sizeof digits, body_.size()).ptr;
    std::string_view length(digits, static_cast<std::size_t>(written - digits));
    constexpr std::string_view type_name = "Content-Type", length_name = "Content-Length";
    // The fields after head_: Content-Type (with a body type) and Content-Length.
    std::array<Field, 2> tail{};
    std::size_t tails = 0;
    auto at = static_cast<std::uint32_t>(head_.size());
    const auto add_tail = [&](HeaderId id, std::string_view name, std::string_view value) {
        tail[tails++] = Field{id, at, static_cast<std::uint32_t>(name.size()),
                              static_cast<std::uint32_t>(value.size())};
        at += static_cast<std::uint32_t>(
            line_size(tail[tails - 1].name_size, tail[tails - 1].value_size));
    };
    if (!content_type_.empty())
        add_tail(HeaderId::ContentType, type_name, content_type_);
    add_tail(HeaderId::ContentLength, length_name, length);
    std::span<const Field> tail_fields(tail.data(), tails);
    std::size_t size = at + 2 + body_.size();
    if (auto ok = check(size, tail_fields); !ok)
        return ok.error();

    Message m;
    m.storage_ = std::make_unique<char[]>(size);
    m.capacity_ = m.size_ = size;
    char* out = m.storage_.get();
    const auto put = [&out](std::string_view s) {
        std::memcpy(out, s.data(), s.size());
        out += s.size();
    };
    put(head_);
    if (!content_type_.empty()) {
        put(type_name);
        put(": ");
        put(content_type_);
        put("\r\n");
    }
    put(length_name);
    put(": ");
    put(length);
    put("\r\n\r\n");
    put(body_);
    assemble(m, tail_fields);
    return m;
}

}  // namespace sessioncore::sip
