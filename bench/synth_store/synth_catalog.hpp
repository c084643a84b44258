#pragma once
// What the synthetic traffic is made of: ~200 hosts with a role each (an API, a CDN, a web
// site, a tracker...) and Zipf-like popularity, the clients that talk to them, and the
// words paths are built from. Fixed tables: the seed changes the flows, not the world.

#include "synth_rng.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace flowscope::bench {

// A host's role decides its methods, paths, statuses, content types and latencies.
enum class HostRole : std::uint8_t {
    Api,    // JSON REST/GraphQL for apps and single-page sites
    Web,    // server-rendered HTML, redirects
    Static, // versioned JS/CSS bundles and fonts behind a CDN
    Images, // product images, avatars, icons, tracking pixels
    Auth,   // OAuth/OpenID endpoints
    Events, // analytics beacons and error reports
    Socket, // WebSocket endpoints
    Pinned, // apps that pin their certificate: CONNECT tunnels, never decrypted
    Dev,    // plain-HTTP development servers on localhost and the LAN
};

struct SynthHost {
    std::string name;
    HostRole role = HostRole::Api;
    bool https = true;
    std::uint16_t port = 443;
    std::string certIssuer; // RFC 2253, for the upstream certificate fields
    std::string certSubject;
};

// The clients behind the traffic. Browsers fetch pages and assets; apps call APIs.
enum class ClientKind : std::uint8_t { Chrome, Firefox, Safari, IosApp, AndroidApp, Curl, Python, Node };

struct SynthClient {
    ClientKind kind;
    std::string_view userAgent;
    std::string_view address; // without the port: where the proxy saw it connect from
    bool browser;
};

class SynthCatalog {
public:
    SynthCatalog();

    const std::vector<SynthHost>& hosts() const { return m_hosts; }
    // A host index by popularity: weight 1/rank (Zipf, s = 1), so the top host gets ~17%
    // of the flows and the last ones a handful per million.
    std::size_t pickHost(SynthRng& rng) const;
    const SynthClient& pickClient(SynthRng& rng, HostRole role) const;

    static std::span<const std::string_view> words();

private:
    std::vector<SynthHost> m_hosts;
    std::vector<double> m_cumulative; // popularity, cumulative, ending at 1
};

} // namespace flowscope::bench
