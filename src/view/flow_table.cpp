#include "view/flow_table.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace flowscope::view {

bool FlowTable::append(const FlowRow& row) {
    const bool late = m_size != 0 && row.id <= m_maxId;
    if (late && containsId(row.id)) {
        return false;
    }
    std::string joined;
    std::string_view url = row.urlHead;
    if (!row.urlTail.empty()) {
        joined = row.url();
        url = joined;
    }
    std::string_view path = m_paths.add(row.path);

    FlowRecord& record = newRecord();
    record.id = row.id;
    record.startedAtUs = row.startedAtUs;
    record.durationUs = row.durationUs;
    record.requestSize = row.requestSize;
    record.responseSize = row.responseSize;
    record.path = path.data();
    record.pathSize = static_cast<std::uint32_t>(path.size());
    record.host = intern(m_lastHost, row.host);
    record.method = intern(m_lastMethod, row.method);
    record.scheme = intern(m_lastScheme, row.scheme);
    record.errorKind = intern(m_lastError, row.errorKind);
    record.status = row.status;
    record.kind = static_cast<std::uint8_t>(row.kind);
    record.contentFamily = row.contentFamily;
    // The engine builds URLs as origin + path ("https://api.example.com" + "/items/1?q=2"):
    // intern the origin and keep only the path. Anything else is interned whole.
    if (url.size() >= path.size() && url.substr(url.size() - path.size()) == path) {
        record.urlHead = intern(m_lastOrigin, url.substr(0, url.size() - path.size()));
        record.tailIsPath = true;
    } else {
        record.urlHead = m_texts.intern(url);
        record.tailIsPath = false;
    }
    const auto index = static_cast<std::uint32_t>(m_size - 1);
    if (late) {
        m_late.push_back(index);
    } else {
        if (m_byId.size() == m_byId.capacity()) {
            // An eighth more, not double: a million-flow index is 4 MB, and a capture
            // grows it a little at a time.
            m_byId.reserve(m_byId.size() + m_byId.size() / 8 + 1024);
        }
        m_byId.push_back(index);
        m_maxId = row.id;
    }
    return true;
}

FlowRecord& FlowTable::newRecord() {
    if (m_size == m_chunks.size() * kChunkRecords) {
        m_chunks.push_back(std::make_unique<FlowRecord[]>(kChunkRecords));
    }
    FlowRecord& record = m_chunks[m_size / kChunkRecords][m_size % kChunkRecords];
    ++m_size;
    return record;
}

std::uint32_t FlowTable::intern(LastText& last, std::string_view text) {
    if (last.text == text) { // starts as "" with id 0, which is what "" interns to
        return last.id;
    }
    last.id = m_texts.intern(text);
    last.text = m_texts.text(last.id); // the pool's copy: `text` is only valid during the call
    return last.id;
}

void FlowTable::finishAppend() {
    if (m_late.empty()) {
        return;
    }
    auto idLess = [this](std::uint32_t a, std::uint32_t b) { return record(a).id < record(b).id; };
    std::sort(m_late.begin(), m_late.end(), idLess);
    std::vector<std::uint32_t> merged;
    merged.reserve(m_byId.size() + m_late.size());
    std::merge(m_byId.begin(), m_byId.end(), m_late.begin(), m_late.end(), std::back_inserter(merged), idLess);
    m_byId = std::move(merged);
    m_late.clear();
}

bool FlowTable::containsId(std::int64_t id) const {
    if (indexOfId(id)) {
        return true;
    }
    for (std::uint32_t index : m_late) { // a batch's late ids: a handful
        if (record(index).id == id) {
            return true;
        }
    }
    return false;
}

void FlowTable::reserve(std::size_t rows) {
    m_byId.reserve(rows);
}

FlowRow FlowTable::row(std::size_t index) const {
    const FlowRecord& record = this->record(index);
    FlowRow row;
    row.id = record.id;
    row.startedAtUs = record.startedAtUs;
    row.durationUs = record.durationUs;
    row.method = m_texts.text(record.method);
    row.scheme = m_texts.text(record.scheme);
    row.host = m_texts.text(record.host);
    row.path = std::string_view(record.path, record.pathSize);
    row.urlHead = m_texts.text(record.urlHead);
    row.urlTail = record.tailIsPath ? row.path : std::string_view();
    row.status = record.status;
    row.kind = record.flowKind();
    row.contentFamily = record.contentFamily;
    row.requestSize = record.requestSize;
    row.responseSize = record.responseSize;
    row.errorKind = m_texts.text(record.errorKind);
    return row;
}

std::optional<std::size_t> FlowTable::indexOfId(std::int64_t id) const {
    auto found = std::lower_bound(m_byId.begin(), m_byId.end(), id, [this](std::uint32_t index, std::int64_t wanted) {
        return record(index).id < wanted;
    });
    if (found == m_byId.end() || record(*found).id != id) {
        return std::nullopt;
    }
    return *found;
}

std::size_t FlowTable::memoryBytes() const {
    return m_chunks.size() * kChunkRecords * sizeof(FlowRecord) + m_byId.capacity() * sizeof(std::uint32_t) +
           m_texts.bytesReserved() + m_paths.bytesReserved();
}

} // namespace flowscope::view
