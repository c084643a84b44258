#include "store/export/har_json_fields.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace flowscope::store::exporting {

std::string JsonFields::pathOf(std::string_view key) const {
    return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

void JsonFields::fail(std::string_view key, std::string_view problem) const {
    throw std::invalid_argument(pathOf(key) + " " + std::string(problem));
}

const nlohmann::json* JsonFields::find(std::string_view key) const {
    const auto found = m_object.find(key);
    return found == m_object.end() || found->is_null() ? nullptr : &*found;
}

std::optional<std::string> JsonFields::string(std::string_view key) const {
    const auto* value = find(key);
    if (!value) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        fail(key, "is not a string");
    }
    return value->get<std::string>();
}

std::string JsonFields::requiredString(std::string_view key) const {
    auto value = string(key);
    if (!value) {
        fail(key, "missing");
    }
    return std::move(*value);
}

std::optional<double> JsonFields::number(std::string_view key) const {
    const auto* value = find(key);
    if (!value) {
        return std::nullopt;
    }
    if (!value->is_number()) {
        fail(key, "is not a number");
    }
    return value->get<double>();
}

std::optional<std::int64_t> JsonFields::integer(std::string_view key) const {
    const auto* value = find(key);
    if (!value) {
        return std::nullopt;
    }
    if (value->is_number_unsigned()) {
        const auto unsignedValue = value->get<std::uint64_t>();
        if (unsignedValue > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            fail(key, "is out of range");
        }
        return static_cast<std::int64_t>(unsignedValue);
    }
    if (value->is_number_integer()) {
        return value->get<std::int64_t>();
    }
    if (value->is_number_float()) { // "200.0" from tools that write every number as a double
        const double real = value->get<double>();
        if (std::isfinite(real) && real == std::trunc(real) && std::abs(real) < 9.0e15) {
            return static_cast<std::int64_t>(real);
        }
    }
    fail(key, "is not an integer");
}

std::optional<std::uint64_t> JsonFields::unsignedInteger(std::string_view key) const {
    const auto* value = find(key);
    if (value && value->is_number_unsigned()) {
        return value->get<std::uint64_t>();
    }
    const auto signedValue = integer(key);
    if (signedValue && *signedValue < 0) {
        fail(key, "is negative");
    }
    return signedValue ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*signedValue)) : std::nullopt;
}

std::optional<bool> JsonFields::boolean(std::string_view key) const {
    const auto* value = find(key);
    if (!value) {
        return std::nullopt;
    }
    if (!value->is_boolean()) {
        fail(key, "is not a boolean");
    }
    return value->get<bool>();
}

const nlohmann::json* JsonFields::object(std::string_view key) const {
    const auto* value = find(key);
    if (value && !value->is_object()) {
        fail(key, "is not an object");
    }
    return value;
}

const nlohmann::json* JsonFields::array(std::string_view key) const {
    const auto* value = find(key);
    if (value && !value->is_array()) {
        fail(key, "is not an array");
    }
    return value;
}

} // namespace flowscope::store::exporting
