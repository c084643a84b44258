#pragma once
// Typed, path-aware access to the fields of a parsed HAR entry. Every getter names the
// full field path in its error ("request.headers[3].value is not a string") so a bad
// file can be fixed by hand. null counts as absent: some exporters write null for fields
// they do not have.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace flowscope::store::exporting {

class JsonFields {
public:
    JsonFields(const nlohmann::json& object, std::string path) : m_object(object), m_path(std::move(path)) {}

    const nlohmann::json& json() const { return m_object; }
    const std::string& path() const { return m_path; }
    std::string pathOf(std::string_view key) const;

    const nlohmann::json* find(std::string_view key) const;
    std::optional<std::string> string(std::string_view key) const;
    std::string requiredString(std::string_view key) const;
    std::optional<double> number(std::string_view key) const;
    std::optional<std::int64_t> integer(std::string_view key) const;
    std::optional<std::uint64_t> unsignedInteger(std::string_view key) const;
    std::optional<bool> boolean(std::string_view key) const;
    const nlohmann::json* object(std::string_view key) const; // nullptr when absent
    const nlohmann::json* array(std::string_view key) const;  // nullptr when absent

    [[noreturn]] void fail(std::string_view key, std::string_view problem) const;

private:
    const nlohmann::json& m_object;
    std::string m_path;
};

} // namespace flowscope::store::exporting
