#pragma once
// A zero-copy view over generic parameters: ";name=value;flag;name = "quoted"" (RFC 3261 §25.1
// generic-param, uri-parameter, via-params). Names compare case-insensitively; LWS around ';' and
// '=' is allowed. Values are returned as written (a quoted value keeps its quotes; see unquote()).

#include <cstddef>
#include <optional>
#include <string_view>

namespace sessioncore::sip {

struct Param {
    std::string_view name;
    std::string_view value;  ///< empty for a flag (no '=')
    bool has_value = false;
};

class Params {
public:
    class iterator;

    Params() = default;
    /// `raw` is the text from the first ';' (included) to the end of the parameters; it must have
    /// been validated by the parser that produced it.
    explicit Params(std::string_view raw) noexcept : raw_(raw) {}

    [[nodiscard]] std::string_view raw() const noexcept { return raw_; }
    [[nodiscard]] bool empty() const noexcept { return raw_.empty(); }

    /// The value of the first parameter called `name` (case-insensitive); "" for a flag;
    /// nullopt when absent.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept;
    [[nodiscard]] bool contains(std::string_view name) const noexcept {
        return find(name).has_value();
    }
    [[nodiscard]] std::size_t size() const noexcept;

    [[nodiscard]] iterator begin() const noexcept;
    [[nodiscard]] iterator end() const noexcept;

private:
    std::string_view raw_;
};

class Params::iterator {
public:
    using value_type = Param;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    const Param& operator*() const noexcept { return current_; }
    const Param* operator->() const noexcept { return &current_; }
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept {
        auto copy = *this;
        ++*this;
        return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
        return a.next_ == b.next_ && a.at_end_ == b.at_end_;
    }

private:
    friend class Params;
    explicit iterator(std::string_view rest) noexcept;
    std::string_view rest_;
    const char* next_ = nullptr;
    bool at_end_ = true;
    Param current_;
};

/// Strips the quotes of a quoted-string ("a\"b" -> a\"b); quoted-pairs are left escaped. Text
/// that is not quoted is returned as is.
std::string_view unquote(std::string_view text) noexcept;

}  // namespace sessioncore::sip
