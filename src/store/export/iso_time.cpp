#include "store/export/iso_time.hpp"

#include "store/export/text_codec.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace flowscope::store::exporting {
namespace {

constexpr std::int64_t kUsPerSecond = 1'000'000;
constexpr std::int64_t kUsPerDay = 86'400 * kUsPerSecond;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool isDigit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// Microseconds of a civil UTC date and time; nullopt for a date that does not exist.
std::optional<std::int64_t> toMicros(int year, unsigned month, unsigned day, int hour, int minute, int second) {
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!date.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
        return std::nullopt;
    }
    const std::int64_t days = sys_days{date}.time_since_epoch().count();
    return days * kUsPerDay + ((hour * 60 + minute) * 60 + second) * kUsPerSecond;
}

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> fixedDigits(std::string_view text, std::size_t& pos, std::size_t count) {
    if (text.size() < pos + count) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (!isDigit(text[pos + i])) {
            return std::nullopt;
        }
        value = value * 10 + (text[pos + i] - '0');
    }
    pos += count;
    return value;
}

// RFC 6265 section 5.1.1: `min`..`max` leading digits, then the end or a non-digit.
std::optional<int> leadingDigits(std::string_view token, std::size_t min, std::size_t max) {
    std::size_t n = 0;
    int value = 0;
    while (n < token.size() && isDigit(token[n])) {
        value = value * 10 + (token[n] - '0');
        ++n;
        if (n > max) {
            return std::nullopt;
        }
    }
    if (n < min) {
        return std::nullopt;
    }
    return value;
}

bool isCookieDateDelimiter(char ch) noexcept {
    const auto c = static_cast<unsigned char>(ch);
    return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
}

// time = hms-time ( non-digit *OCTET ), hms-time = 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT
bool parseCookieTime(std::string_view token, int& hour, int& minute, int& second) {
    std::array<int, 3> parts{};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::size_t digits = 0;
        int value = 0;
        while (pos < token.size() && isDigit(token[pos]) && digits < 3) {
            value = value * 10 + (token[pos] - '0');
            ++pos;
            ++digits;
        }
        if (digits == 0 || digits > 2) {
            return false;
        }
        parts[i] = value;
        if (i < 2) {
            if (pos >= token.size() || token[pos] != ':') {
                return false;
            }
            ++pos;
        }
    }
    if (pos < token.size() && isDigit(token[pos])) {
        return false;
    }
    hour = parts[0];
    minute = parts[1];
    second = parts[2];
    return true;
}

} // namespace

std::string formatIso8601(std::int64_t microsSinceEpoch) {
    using namespace std::chrono;
    const std::int64_t days = floorDiv(microsSinceEpoch, kUsPerDay);
    const std::int64_t inDay = microsSinceEpoch - days * kUsPerDay;
    const year_month_day date{sys_days{std::chrono::days{days}}};
    const std::int64_t seconds = inDay / kUsPerSecond;
    const std::int64_t millis = (inDay % kUsPerSecond) / 1000;
    std::array<char, 48> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                  static_cast<int>(millis));
    return buffer.data();
}

std::optional<std::int64_t> parseIso8601(std::string_view text) {
    text = trimWhitespace(text);
    std::size_t pos = 0;
    const auto year = fixedDigits(text, pos, 4);
    if (!year || pos >= text.size() || text[pos++] != '-') {
        return std::nullopt;
    }
    const auto month = fixedDigits(text, pos, 2);
    if (!month || pos >= text.size() || text[pos++] != '-') {
        return std::nullopt;
    }
    const auto day = fixedDigits(text, pos, 2);
    if (!day || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
        return std::nullopt;
    }
    ++pos;
    const auto hour = fixedDigits(text, pos, 2);
    if (!hour || pos >= text.size() || text[pos++] != ':') {
        return std::nullopt;
    }
    const auto minute = fixedDigits(text, pos, 2);
    if (!minute) {
        return std::nullopt;
    }
    int second = 0;
    std::int64_t fractionUs = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        const auto parsed = fixedDigits(text, pos, 2);
        if (!parsed) {
            return std::nullopt;
        }
        second = *parsed;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            std::int64_t scale = 100'000;
            const std::size_t start = pos;
            for (; pos < text.size() && isDigit(text[pos]); ++pos) {
                fractionUs += (text[pos] - '0') * scale;
                scale /= 10;
            }
            if (pos == start) {
                return std::nullopt;
            }
        }
    }
    std::int64_t offsetMinutes = 0;
    if (pos < text.size()) {
        const char sign = text[pos++];
        if (sign == 'Z' || sign == 'z') {
            // UTC
        } else if (sign == '+' || sign == '-') {
            const auto offsetHours = fixedDigits(text, pos, 2);
            if (!offsetHours) {
                return std::nullopt;
            }
            int offsetMins = 0;
            if (pos < text.size()) {
                if (text[pos] == ':') {
                    ++pos;
                }
                const auto parsed = fixedDigits(text, pos, 2);
                if (!parsed) {
                    return std::nullopt;
                }
                offsetMins = *parsed;
            }
            offsetMinutes = (*offsetHours * 60 + offsetMins) * (sign == '-' ? -1 : 1);
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    const auto base =
        toMicros(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day), *hour, *minute, second);
    if (!base) {
        return std::nullopt;
    }
    // Local time = UTC + offset, so UTC = local - offset.
    return *base + fractionUs - offsetMinutes * 60 * kUsPerSecond;
}

std::optional<std::int64_t> parseCookieDate(std::string_view text) {
    static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                              "jul", "aug", "sep", "oct", "nov", "dec"};
    std::optional<int> dayOfMonth;
    std::optional<unsigned> month;
    std::optional<int> year;
    bool foundTime = false;
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && isCookieDateDelimiter(text[pos])) {
            ++pos;
        }
        const std::size_t start = pos;
        while (pos < text.size() && !isCookieDateDelimiter(text[pos])) {
            ++pos;
        }
        const std::string_view token = text.substr(start, pos - start);
        if (token.empty()) {
            continue;
        }
        // Each step of section 5.1.1 is tried in this order; a token feeds the first one it matches.
        if (!foundTime && parseCookieTime(token, hour, minute, second)) {
            foundTime = true;
            continue;
        }
        if (!dayOfMonth) {
            if (const auto value = leadingDigits(token, 1, 2)) {
                dayOfMonth = value;
                continue;
            }
        }
        if (!month) {
            for (std::size_t i = 0; i < kMonths.size(); ++i) {
                if (startsWithIgnoreCase(token, kMonths[i])) {
                    month = static_cast<unsigned>(i + 1);
                    break;
                }
            }
            if (month) {
                continue;
            }
        }
        if (!year) {
            year = leadingDigits(token, 2, 4);
        }
    }
    if (!foundTime || !dayOfMonth || !month || !year) {
        return std::nullopt;
    }
    int fullYear = *year;
    if (fullYear >= 70 && fullYear <= 99) {
        fullYear += 1900;
    } else if (fullYear >= 0 && fullYear <= 69) {
        fullYear += 2000;
    }
    if (*dayOfMonth < 1 || *dayOfMonth > 31 || fullYear < 1601 || second > 59) {
        return std::nullopt;
    }
    return toMicros(fullYear, *month, static_cast<unsigned>(*dayOfMonth), hour, minute, second);
}

} // namespace flowscope::store::exporting
