#include "view/content_family.hpp"

#include "view/text_match.hpp"

#include <array>
#include <string>

namespace flowscope::view {
namespace {

// One rule table drives both classifyContentType() and contentFamilySql(), so the
// in-memory and SQL answers cannot drift apart.
enum class Test { Equals, Contains, StartsWith };

struct Rule {
    Test test;
    std::string_view text; // lowercase ASCII
    ContentFamily family;
};

constexpr std::array kRules = {
    Rule{Test::Equals, "", ContentFamily::Other},
    Rule{Test::Contains, "json", ContentFamily::Json},
    Rule{Test::Equals, "text/html", ContentFamily::Html},
    Rule{Test::Equals, "application/xhtml+xml", ContentFamily::Html},
    Rule{Test::Contains, "javascript", ContentFamily::Js},
    Rule{Test::Contains, "ecmascript", ContentFamily::Js},
    Rule{Test::Equals, "text/css", ContentFamily::Css},
    Rule{Test::StartsWith, "image/", ContentFamily::Image},
    Rule{Test::Contains, "font", ContentFamily::Font},
    Rule{Test::Contains, "xml", ContentFamily::Xml},
    Rule{Test::StartsWith, "audio/", ContentFamily::Media},
    Rule{Test::StartsWith, "video/", ContentFamily::Media},
    Rule{Test::StartsWith, "text/", ContentFamily::Text},
};

constexpr std::array<std::string_view, kContentFamilyCount> kNames = {
    "other", "css", "font", "html", "image", "js", "json", "media", "text", "xml",
};

// Spaces and tabs: the OWS of RFC 9110 §5.6.3 around a media type.
bool isOws(char c) {
    return c == ' ' || c == '\t';
}

std::string_view mediaType(std::string_view contentType) {
    std::string_view type = contentType.substr(0, contentType.find(';'));
    while (!type.empty() && isOws(type.front())) {
        type.remove_prefix(1);
    }
    while (!type.empty() && isOws(type.back())) {
        type.remove_suffix(1);
    }
    return type;
}

bool applies(const Rule& rule, std::string_view type) {
    switch (rule.test) {
    case Test::Equals:
        return equalsIgnoringCase(type, rule.text);
    case Test::Contains:
        return containsIgnoringCase(type, rule.text);
    case Test::StartsWith:
        return type.size() >= rule.text.size() && equalsIgnoringCase(type.substr(0, rule.text.size()), rule.text);
    }
    return false;
}

std::string buildSql() {
    // The same media type as mediaType(): SQLite's instr/substr count characters, which
    // for the ASCII ';' gives the same split as the byte search above. trim() with an
    // explicit set removes spaces and tabs; lower() folds ASCII only, like the C++ side.
    const std::string type = "lower(trim(CASE WHEN instr(response_content_type, ';') > 0 "
                             "THEN substr(response_content_type, 1, instr(response_content_type, ';') - 1) "
                             "ELSE response_content_type END, ' ' || char(9)))";
    std::string sql = "(CASE";
    for (const Rule& rule : kRules) {
        std::string literal = "'" + std::string(rule.text) + "'"; // fixed lowercase text, no quotes inside
        switch (rule.test) {
        case Test::Equals:
            sql += " WHEN " + type + " = " + literal;
            break;
        case Test::Contains:
            sql += " WHEN instr(" + type + ", " + literal + ") > 0";
            break;
        case Test::StartsWith:
            sql += " WHEN substr(" + type + ", 1, " + std::to_string(rule.text.size()) + ") = " + literal;
            break;
        }
        sql += " THEN " + std::to_string(static_cast<int>(rule.family));
    }
    sql += " ELSE " + std::to_string(static_cast<int>(ContentFamily::Other)) + " END)";
    return sql;
}

} // namespace

std::string_view toString(ContentFamily family) {
    auto index = static_cast<std::size_t>(family);
    return index < kNames.size() ? kNames[index] : "other";
}

std::optional<ContentFamily> contentFamilyFromString(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            return static_cast<ContentFamily>(i);
        }
    }
    return std::nullopt;
}

ContentFamily classifyContentType(std::string_view contentType) {
    std::string_view type = mediaType(contentType);
    for (const Rule& rule : kRules) {
        if (applies(rule, type)) {
            return rule.family;
        }
    }
    return ContentFamily::Other;
}

std::string_view contentFamilySql() {
    static const std::string sql = buildSql();
    return sql;
}

} // namespace flowscope::view
