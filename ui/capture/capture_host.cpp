#include "capture/capture_host.hpp"

#include "capture/recording_gate.hpp"

#include "ca/certificate_authority.hpp"
#include "ca/system_trust.hpp"
#include "engine/config_file.hpp"
#include "platform/app_paths.hpp"
#include "platform/process_tuning.hpp"
#include "store/flow_writer.hpp"

#include <QMetaObject>

namespace flowscope::ui {

CaptureHost::CaptureHost(DataPaths paths, QObject* parent) : QObject(parent), m_paths(std::move(paths)) {}

CaptureHost::~CaptureHost() {
    stop();
    if (m_writer) {
        m_writer->setCommitListener(nullptr); // before `this` goes
    }
}

void CaptureHost::open() {
    platform::ensurePrivateDirectory(m_paths.dataDir);
    engine::ProxyOptions options;
    engine::applyConfigFile(m_paths.configFile(), options);
    auto authority = ca::CertificateAuthority::loadOrCreate(m_paths.certsDir());
    auto writer = std::make_unique<store::FlowWriter>(m_paths.storeFile());
    m_options = std::move(options);
    m_authority = std::move(authority);
    m_writer = std::move(writer);
    m_gate = std::make_unique<RecordingGate>(*m_writer);
    m_memoryReleaser = std::make_unique<platform::FreeMemoryReleaser>();
    m_writer->setCommitListener([this](std::int64_t highestId) { onCommitted(highestId); });
}

void CaptureHost::onCommitted(std::int64_t highestId) {
    m_highestCommitted.store(highestId, std::memory_order_relaxed);
    if (m_notifyQueued.exchange(true)) {
        return; // the queued notification will read the newest id
    }
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_notifyQueued.store(false);
            Q_EMIT flowsCommittedUpTo(m_highestCommitted.load(std::memory_order_relaxed));
        },
        Qt::QueuedConnection);
}

engine::ListenAddress CaptureHost::start(const engine::ProxyOptions& options) {
    stop();
    auto server = std::make_unique<engine::ProxyServer>(options, *m_authority, *m_gate);
    engine::ListenAddress address = server->start(); // throws: stays stopped
    m_server = std::move(server);
    m_options = options;
    m_address = address;
    Q_EMIT runningChanged(true);
    return address;
}

engine::ListenAddress CaptureHost::restart(const engine::ProxyOptions& options) {
    const engine::ProxyOptions previous = m_options;
    const bool wasRunning = running();
    try {
        return start(options);
    } catch (const engine::EngineError&) {
        if (wasRunning) {
            try {
                start(previous);
            } catch (const engine::EngineError&) {
                // The old port was taken in the meantime; the caller reports the first error.
            }
        }
        throw;
    }
}

engine::ListenAddress CaptureHost::startOnNextFreePort(engine::ProxyOptions options) {
    const std::uint16_t first = options.listenPort;
    for (int attempt = 1;; ++attempt) {
        options.listenPort = static_cast<std::uint16_t>(first + attempt);
        try {
            return start(options);
        } catch (const engine::EngineError&) {
            if (attempt >= 50 || options.listenPort == 65535) {
                throw;
            }
        }
    }
}

void CaptureHost::stop() {
    if (!m_server) {
        return;
    }
    m_server->stop();
    m_server.reset();
    m_address.reset();
    Q_EMIT runningChanged(false);
}

void CaptureHost::setRecording(bool on) {
    if (m_gate) {
        m_gate->setRecording(on);
    }
}

bool CaptureHost::recording() const {
    return m_gate && m_gate->recording();
}

bool CaptureHost::caTrusted() const {
    return m_authority && ca::isTrustedBySystemStore(m_authority->rootCertificate());
}

std::filesystem::path CaptureHost::caCertificateFile() const {
    return m_authority ? m_authority->paths().certPem : m_paths.certsDir() / "ca.pem";
}

store::FlowSink& CaptureHost::storeSink() const {
    return *m_writer;
}

void CaptureHost::flushStore() {
    if (m_writer) {
        m_writer->flush();
    }
}

std::uint64_t CaptureHost::flowsCommitted() const {
    return m_writer ? m_writer->committedCount() : 0;
}

engine::EngineStats CaptureHost::engineStats() const {
    return m_server ? m_server->stats() : engine::EngineStats{};
}

} // namespace flowscope::ui
