#include "har_structure.hpp"

#include "store/export/iso_time.hpp"

#include <initializer_list>
#include <set>
#include <string_view>

namespace flowscope::store::test {
namespace {

using Json = nlohmann::json;

enum class Type { String, Number, Integer, Boolean, Object, Array };

bool hasType(const Json& value, Type type) {
    switch (type) {
    case Type::String:
        return value.is_string();
    case Type::Number:
        return value.is_number();
    case Type::Integer:
        return value.is_number_integer();
    case Type::Boolean:
        return value.is_boolean();
    case Type::Object:
        return value.is_object();
    case Type::Array:
        return value.is_array();
    }
    return false;
}

struct Field {
    std::string_view name;
    Type type;
    bool required;
};

class Checker {
public:
    std::vector<std::string> problems;

    // Checks the listed fields and that every other key is a custom '_' field.
    bool object(const Json& value, const std::string& path, std::initializer_list<Field> fields) {
        if (!value.is_object()) {
            problem(path, "is not an object");
            return false;
        }
        std::set<std::string_view> known;
        for (const Field& field : fields) {
            known.insert(field.name);
            const auto found = value.find(field.name);
            if (found == value.end()) {
                if (field.required) {
                    problem(path + "." + std::string(field.name), "missing");
                }
            } else if (!hasType(*found, field.type)) {
                problem(path + "." + std::string(field.name), "has the wrong type");
            }
        }
        for (const auto& [key, item] : value.items()) {
            if (!known.contains(key) && (key.empty() || key.front() != '_')) {
                problem(path + "." + key, "is not a HAR 1.2 field and does not start with '_'");
            }
        }
        return true;
    }

    void problem(const std::string& path, std::string_view what) {
        problems.push_back(path + ": " + std::string(what));
    }

    void nameValues(const Json& list, const std::string& path) {
        if (!list.is_array()) {
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            object(list[i], path + "[" + std::to_string(i) + "]",
                   {{"name", Type::String, true}, {"value", Type::String, true}, {"comment", Type::String, false}});
        }
    }

    void cookies(const Json& list, const std::string& path) {
        if (!list.is_array()) {
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            // "sameSite" is not HAR 1.2; Chrome writes it and so do we (a documented extension).
            object(list[i], at,
                   {{"name", Type::String, true},
                    {"value", Type::String, true},
                    {"path", Type::String, false},
                    {"domain", Type::String, false},
                    {"expires", Type::String, false},
                    {"httpOnly", Type::Boolean, false},
                    {"secure", Type::Boolean, false},
                    {"sameSite", Type::String, false},
                    {"comment", Type::String, false}});
            if (list[i].contains("expires") && list[i]["expires"].is_string() &&
                !exporting::parseIso8601(list[i]["expires"].get<std::string>())) {
                problem(at + ".expires", "is not ISO 8601");
            }
        }
    }

    void request(const Json& value, const std::string& path) {
        if (!object(value, path,
                    {{"method", Type::String, true},
                     {"url", Type::String, true},
                     {"httpVersion", Type::String, true},
                     {"cookies", Type::Array, true},
                     {"headers", Type::Array, true},
                     {"queryString", Type::Array, true},
                     {"postData", Type::Object, false},
                     {"headersSize", Type::Integer, true},
                     {"bodySize", Type::Integer, true},
                     {"comment", Type::String, false}})) {
            return;
        }
        cookies(value.value("cookies", Json::array()), path + ".cookies");
        nameValues(value.value("headers", Json::array()), path + ".headers");
        nameValues(value.value("queryString", Json::array()), path + ".queryString");
        if (value.contains("postData")) {
            // "encoding" is not HAR 1.2 on postData; we add it for binary uploads (documented).
            object(value["postData"], path + ".postData",
                   {{"mimeType", Type::String, true},
                    {"text", Type::String, false},
                    {"encoding", Type::String, false},
                    {"params", Type::Array, false},
                    {"comment", Type::String, false}});
            const Json params = value["postData"].value("params", Json::array());
            for (std::size_t i = 0; i < params.size(); ++i) {
                object(params[i], path + ".postData.params[" + std::to_string(i) + "]",
                       {{"name", Type::String, true},
                        {"value", Type::String, false},
                        {"fileName", Type::String, false},
                        {"contentType", Type::String, false},
                        {"comment", Type::String, false}});
            }
        }
    }

    void response(const Json& value, const std::string& path) {
        if (!object(value, path,
                    {{"status", Type::Integer, true},
                     {"statusText", Type::String, true},
                     {"httpVersion", Type::String, true},
                     {"cookies", Type::Array, true},
                     {"headers", Type::Array, true},
                     {"content", Type::Object, true},
                     {"redirectURL", Type::String, true},
                     {"headersSize", Type::Integer, true},
                     {"bodySize", Type::Integer, true},
                     {"comment", Type::String, false}})) {
            return;
        }
        cookies(value.value("cookies", Json::array()), path + ".cookies");
        nameValues(value.value("headers", Json::array()), path + ".headers");
        if (value.contains("content")) {
            object(value["content"], path + ".content",
                   {{"size", Type::Integer, true},
                    {"compression", Type::Integer, false},
                    {"mimeType", Type::String, true},
                    {"text", Type::String, false},
                    {"encoding", Type::String, false},
                    {"comment", Type::String, false}});
        }
    }

    void timings(const Json& value, const std::string& path) {
        if (!object(value, path,
                    {{"blocked", Type::Number, false},
                     {"dns", Type::Number, false},
                     {"connect", Type::Number, false},
                     {"send", Type::Number, true},
                     {"wait", Type::Number, true},
                     {"receive", Type::Number, true},
                     {"ssl", Type::Number, false},
                     {"comment", Type::String, false}})) {
            return;
        }
        for (const char* name : {"send", "wait", "receive"}) {
            if (value.contains(name) && value[name].is_number() && value[name].get<double>() < 0) {
                problem(path + "." + name, "is negative (must be >= 0)");
            }
        }
        for (const char* name : {"blocked", "dns", "connect", "ssl"}) {
            if (value.contains(name) && value[name].is_number() && value[name].get<double>() < 0 &&
                value[name].get<double>() != -1) {
                problem(path + "." + name, "is negative but not -1");
            }
        }
        if (value.contains("ssl") && value.contains("connect") && value["ssl"].get<double>() >= 0 &&
            value["connect"].get<double>() < value["ssl"].get<double>()) {
            problem(path + ".connect", "does not include ssl");
        }
    }

    void entry(const Json& value, const std::string& path) {
        if (!object(value, path,
                    {{"pageref", Type::String, false},
                     {"startedDateTime", Type::String, true},
                     {"time", Type::Number, true},
                     {"request", Type::Object, true},
                     {"response", Type::Object, true},
                     {"cache", Type::Object, true},
                     {"timings", Type::Object, true},
                     {"serverIPAddress", Type::String, false},
                     {"connection", Type::String, false},
                     {"comment", Type::String, false}})) {
            return;
        }
        if (value.contains("startedDateTime") && value["startedDateTime"].is_string() &&
            !exporting::parseIso8601(value["startedDateTime"].get<std::string>())) {
            problem(path + ".startedDateTime", "is not ISO 8601");
        }
        if (value.contains("time") && value["time"].is_number() && value["time"].get<double>() < 0) {
            problem(path + ".time", "is negative");
        }
        if (value.contains("request")) {
            request(value["request"], path + ".request");
        }
        if (value.contains("response")) {
            response(value["response"], path + ".response");
        }
        if (value.contains("cache")) {
            object(value["cache"], path + ".cache",
                   {{"beforeRequest", Type::Object, false},
                    {"afterRequest", Type::Object, false},
                    {"comment", Type::String, false}});
        }
        if (value.contains("timings")) {
            timings(value["timings"], path + ".timings");
        }
    }
};

} // namespace

std::vector<std::string> harStructureProblems(const Json& har) {
    Checker check;
    if (!check.object(har, "", {{"log", Type::Object, true}}) || !har.contains("log")) {
        return check.problems;
    }
    const Json& log = har["log"];
    if (!check.object(log, "log",
                      {{"version", Type::String, true},
                       {"creator", Type::Object, true},
                       {"browser", Type::Object, false},
                       {"pages", Type::Array, false},
                       {"entries", Type::Array, true},
                       {"comment", Type::String, false}})) {
        return check.problems;
    }
    if (log.contains("creator")) {
        check.object(log["creator"], "log.creator",
                     {{"name", Type::String, true}, {"version", Type::String, true}, {"comment", Type::String, false}});
    }
    if (log.contains("entries") && log["entries"].is_array()) {
        for (std::size_t i = 0; i < log["entries"].size(); ++i) {
            check.entry(log["entries"][i], "log.entries[" + std::to_string(i) + "]");
        }
    }
    return check.problems;
}

} // namespace flowscope::store::test
