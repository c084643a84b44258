#include "store/export/har_entry_stream.hpp"

#include "store/export/har_error.hpp"

#include <vector>

namespace flowscope::store::exporting {
namespace {

using Json = nlohmann::json;

// Builds one JSON value from SAX events (the part of the document we keep).
class DomBuilder {
public:
    void begin() {
        m_root = Json();
        m_stack.clear();
    }
    // Each returns true when the value being built is complete.
    bool scalar(Json&& value) {
        place(std::move(value));
        return m_stack.empty();
    }
    void open(Json&& emptyContainer) { m_stack.push_back(place(std::move(emptyContainer))); }
    bool close() {
        m_stack.pop_back();
        return m_stack.empty();
    }
    void key(std::string& name) { m_key = std::move(name); }
    Json take() { return std::move(m_root); }

private:
    // Pointers stay valid: a container only grows while it is the innermost open one.
    Json* place(Json&& value) {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        Json& parent = *m_stack.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        Json& slot = parent[m_key];
        slot = std::move(value);
        return &slot;
    }

    Json m_root;
    std::vector<Json*> m_stack;
    std::string m_key;
};

// Where a value sits in the document, as far as HAR reading cares.
enum class Slot { Root, Log, Entries, Version, Creator, Entry, Other };

class EntrySax final : public nlohmann::json_sax<Json> {
public:
    explicit EntrySax(const HarEntryCallback& onEntry) : m_onEntry(onEntry) {}

    bool null() override { return scalar(Json()); }
    bool boolean(bool value) override { return scalar(Json(value)); }
    bool number_integer(number_integer_t value) override { return scalar(Json(value)); }
    bool number_unsigned(number_unsigned_t value) override { return scalar(Json(value)); }
    bool number_float(number_float_t value, const string_t&) override { return scalar(Json(value)); }
    bool string(string_t& value) override { return scalar(Json(std::move(value))); }
    bool binary(binary_t&) override { return true; } // only binary formats produce it

    bool start_object(std::size_t) override { return open(Json::object()); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& name) override {
        if (m_capturing) {
            m_builder.key(name);
        } else {
            m_frames.back().key = std::move(name);
        }
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
        std::string message = error.what();
        if (const auto bracket = message.find("] ");
            message.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
            message.erase(0, bracket + 2); // "[json.exception.parse_error.101] " says nothing to a user
        }
        if (message.size() > 200) {
            message = message.substr(0, 200) + "...";
        }
        throw HarError((m_rootSeen ? "malformed HAR JSON: " : "not a HAR file: ") + message);
    }

    void finish() const {
        if (!m_logSeen) {
            throw HarError("not a HAR file: no \"log\" object at the top level");
        }
        if (!m_entriesSeen) {
            throw HarError("not a HAR file: log.entries is missing");
        }
    }

    HarDocumentInfo info;

private:
    struct Frame {
        Slot slot;
        std::string key; // the latest key, while the frame is an object
    };

    Slot nextSlot() const {
        if (m_frames.empty()) {
            return Slot::Root;
        }
        const Frame& top = m_frames.back();
        switch (top.slot) {
        case Slot::Root:
            return top.key == "log" ? Slot::Log : Slot::Other;
        case Slot::Log:
            if (top.key == "entries") {
                return Slot::Entries;
            }
            if (top.key == "version") {
                return Slot::Version;
            }
            return top.key == "creator" ? Slot::Creator : Slot::Other;
        case Slot::Entries:
            return Slot::Entry;
        default:
            return Slot::Other;
        }
    }

    [[noreturn]] static void notHar(const std::string& why) { throw HarError("not a HAR file: " + why); }

    bool scalar(Json&& value) {
        if (m_capturing) {
            if (m_builder.scalar(std::move(value))) {
                deliver();
            }
            return true;
        }
        switch (nextSlot()) {
        case Slot::Root:
            notHar("the top level is not a JSON object");
        case Slot::Log:
            notHar("\"log\" is not an object");
        case Slot::Entries:
            notHar("log.entries is not an array");
        case Slot::Version:
            if (value.is_string()) {
                info.version = value.get<std::string>();
            }
            break;
        case Slot::Entry: // a scalar entry: delivered so it is reported, not lost
            m_onEntry(m_entryIndex++, std::move(value));
            break;
        default:
            break;
        }
        return true;
    }

    bool open(Json&& container) {
        if (m_capturing) {
            m_builder.open(std::move(container));
            return true;
        }
        const Slot slot = nextSlot();
        const bool isObject = container.is_object();
        switch (slot) {
        case Slot::Root:
            if (!isObject) {
                notHar("the top level is not a JSON object");
            }
            m_rootSeen = true;
            break;
        case Slot::Log:
            if (!isObject) {
                notHar("\"log\" is not an object");
            }
            m_logSeen = true;
            break;
        case Slot::Entries:
            if (isObject) {
                notHar("log.entries is not an array");
            }
            m_entriesSeen = true;
            break;
        case Slot::Creator:
        case Slot::Entry:
            m_capturing = true;
            m_captureSlot = slot;
            m_builder.begin();
            m_builder.open(std::move(container));
            return true;
        default:
            break;
        }
        m_frames.push_back(Frame{slot == Slot::Version ? Slot::Other : slot, {}});
        return true;
    }

    bool close() {
        if (m_capturing) {
            if (m_builder.close()) {
                deliver();
            }
            return true;
        }
        m_frames.pop_back();
        return true;
    }

    void deliver() {
        m_capturing = false;
        Json value = m_builder.take();
        if (m_captureSlot == Slot::Entry) {
            m_onEntry(m_entryIndex++, std::move(value));
        } else if (value.is_object()) { // log.creator
            const auto name = value.find("name");
            const auto version = value.find("version");
            info.creatorName = name != value.end() && name->is_string() ? name->get<std::string>() : "";
            info.creatorVersion = version != value.end() && version->is_string() ? version->get<std::string>() : "";
        }
    }

    const HarEntryCallback& m_onEntry;
    std::vector<Frame> m_frames;
    DomBuilder m_builder;
    bool m_capturing = false;
    Slot m_captureSlot = Slot::Other;
    bool m_rootSeen = false;
    bool m_logSeen = false;
    bool m_entriesSeen = false;
    std::size_t m_entryIndex = 0;
};

} // namespace

HarDocumentInfo streamHarEntries(std::istream& in, const HarEntryCallback& onEntry) {
    EntrySax sax(onEntry);
    if (!Json::sax_parse(in, &sax)) {
        throw HarError("not a HAR file: the JSON parser stopped early");
    }
    sax.finish();
    return sax.info;
}

} // namespace flowscope::store::exporting
