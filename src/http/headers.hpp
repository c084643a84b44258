#pragma once
// Header fields in wire order with their original case. Lookups are case-insensitive
// (RFC 9110 §5.1). A vector, not a map: heads are small and order matters to users.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::http {

struct HeaderField {
    std::string name;
    std::string value;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept;

class Headers {
public:
    using const_iterator = std::vector<HeaderField>::const_iterator;

    void add(std::string_view name, std::string_view value);
    // Replaces the first field named `name` (keeping its position) and removes the others,
    // or appends when absent.
    void set(std::string_view name, std::string_view value);
    // Removes every field named `name`; returns how many were removed.
    std::size_t remove(std::string_view name);
    void clear() { m_fields.clear(); }
    void reserve(std::size_t fields) { m_fields.reserve(fields); }

    // First value of `name`, if present.
    std::optional<std::string_view> get(std::string_view name) const;
    bool contains(std::string_view name) const { return get(name).has_value(); }
    std::size_t countOf(std::string_view name) const;
    // True when any comma-separated element of any `name` field equals `token`
    // (case-insensitive), e.g. hasToken("Connection", "close").
    bool hasToken(std::string_view name, std::string_view token) const;

    std::size_t size() const { return m_fields.size(); }
    bool empty() const { return m_fields.empty(); }
    const_iterator begin() const { return m_fields.begin(); }
    const_iterator end() const { return m_fields.end(); }
    const std::vector<HeaderField>& fields() const { return m_fields; }

private:
    std::vector<HeaderField> m_fields;
};

// Calls `visit(element)` for each trimmed, non-empty element of a comma-separated list.
template <class Visitor> void forEachListElement(std::string_view list, Visitor&& visit) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        std::string_view element = list.substr(0, comma);
        while (!element.empty() && (element.front() == ' ' || element.front() == '\t'))
            element.remove_prefix(1);
        while (!element.empty() && (element.back() == ' ' || element.back() == '\t'))
            element.remove_suffix(1);
        if (!element.empty())
            visit(element);
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
}

} // namespace flowscope::http
