#pragma once
// The engine, CA and store writer of the desktop app, in-process: the same pieces, the
// same data directory and config.json as `flowscope-cli proxy`. The window talks to the
// engine only through this class.

#include "engine/proxy_options.hpp"
#include "engine/proxy_server.hpp"

#include <QObject>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

namespace flowscope::ca {
class CertificateAuthority;
}
namespace flowscope::store {
class FlowSink;
class FlowWriter;
} // namespace flowscope::store
namespace flowscope::platform {
class FreeMemoryReleaser;
}

namespace flowscope::ui {

class RecordingGate;

struct DataPaths {
    std::filesystem::path dataDir;
    std::filesystem::path storeFile() const { return dataDir / "flows.sqlite"; }
    std::filesystem::path certsDir() const { return dataDir / "certs"; }
    std::filesystem::path configFile() const { return dataDir / "config.json"; }
};

// Thread safety: GUI thread only, except that the writer's commit notifications arrive
// from its thread and are turned into one queued flowsCommittedUpTo() at a time.
class CaptureHost : public QObject {
    Q_OBJECT
public:
    explicit CaptureHost(DataPaths paths, QObject* parent = nullptr);
    ~CaptureHost() override;

    // Creates the data directory, loads or creates the CA, opens (migrates) the store and
    // reads config.json. Throws std::runtime_error subclasses with one readable line
    // (corrupt or foreign store, corrupt CA, invalid config.json).
    void open();

    // Starts the proxy with `options` (listen address included). Throws
    // engine::EngineError, e.g. when the port is taken; the host stays stopped then.
    engine::ListenAddress start(const engine::ProxyOptions& options);
    // Restarts with new options (settings applied without restarting the app). On
    // failure the previous options are started again and the error rethrown.
    engine::ListenAddress restart(const engine::ProxyOptions& options);
    void stop();
    bool running() const { return m_server != nullptr; }
    std::optional<engine::ListenAddress> address() const { return m_address; }

    // The first free port after `options.listenPort` (up to 50 tried), started; throws
    // the last EngineError when none is free.
    engine::ListenAddress startOnNextFreePort(engine::ProxyOptions options);

    void setRecording(bool on);
    bool recording() const;

    // The options read from config.json by open(), or last started.
    const engine::ProxyOptions& options() const { return m_options; }
    const DataPaths& paths() const { return m_paths; }
    ca::CertificateAuthority& authority() const { return *m_authority; }
    bool caTrusted() const; // by the system store (ca/system_trust.hpp)
    std::filesystem::path caCertificateFile() const;
    // The store writer itself, bypassing the Record gate (HAR import into the live store).
    store::FlowSink& storeSink() const;
    // Waits until every flow published so far is in the store (before a session copy).
    void flushStore();
    std::uint64_t flowsCommitted() const;
    // The running engine's counters (zeros when stopped).
    engine::EngineStats engineStats() const;

Q_SIGNALS:
    // Flows up to this id were committed; at most one is queued at any time, so a busy
    // engine costs the GUI one event per batch at most (DESIGN.md: coalesced updates).
    void flowsCommittedUpTo(qint64 highestCommittedId);
    void runningChanged(bool running);

private:
    void onCommitted(std::int64_t highestId); // writer thread

    DataPaths m_paths;
    engine::ProxyOptions m_options;
    std::unique_ptr<ca::CertificateAuthority> m_authority;
    std::unique_ptr<store::FlowWriter> m_writer;
    std::unique_ptr<RecordingGate> m_gate;
    std::unique_ptr<engine::ProxyServer> m_server;
    std::unique_ptr<platform::FreeMemoryReleaser> m_memoryReleaser; // from open() on
    std::optional<engine::ListenAddress> m_address;
    std::atomic<std::int64_t> m_highestCommitted{0};
    std::atomic<bool> m_notifyQueued{false};
};

} // namespace flowscope::ui
