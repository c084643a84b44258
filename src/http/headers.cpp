#include "http/headers.hpp"

#include <algorithm>

namespace flowscope::http {
namespace {
char lowerAscii(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
} // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lowerAscii(x) == lowerAscii(y); });
}

void Headers::add(std::string_view name, std::string_view value) {
    m_fields.push_back(HeaderField{std::string(name), std::string(value)});
}

void Headers::set(std::string_view name, std::string_view value) {
    auto first = std::find_if(m_fields.begin(), m_fields.end(),
                              [&](const HeaderField& f) { return equalsIgnoreCase(f.name, name); });
    if (first == m_fields.end()) {
        add(name, value);
        return;
    }
    first->value.assign(value);
    auto rest = std::remove_if(std::next(first), m_fields.end(),
                               [&](const HeaderField& f) { return equalsIgnoreCase(f.name, name); });
    m_fields.erase(rest, m_fields.end());
}

std::size_t Headers::remove(std::string_view name) {
    const auto before = m_fields.size();
    std::erase_if(m_fields, [&](const HeaderField& f) { return equalsIgnoreCase(f.name, name); });
    return before - m_fields.size();
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
    for (const auto& field : m_fields) {
        if (equalsIgnoreCase(field.name, name))
            return std::string_view(field.value);
    }
    return std::nullopt;
}

std::size_t Headers::countOf(std::string_view name) const {
    return static_cast<std::size_t>(std::count_if(
        m_fields.begin(), m_fields.end(), [&](const HeaderField& f) { return equalsIgnoreCase(f.name, name); }));
}

bool Headers::hasToken(std::string_view name, std::string_view token) const {
    bool found = false;
    for (const auto& field : m_fields) {
        if (!equalsIgnoreCase(field.name, name))
            continue;
        forEachListElement(field.value, [&](std::string_view element) {
            if (equalsIgnoreCase(element, token))
                found = true;
        });
    }
    return found;
}

} // namespace flowscope::http
