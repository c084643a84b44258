#include "ca/root_ca.hpp"

#include "ca/x509_extensions.hpp"

#include <ctime>
#include <fmt/format.h>

namespace flowscope::ca {

namespace {

// RFC 5280 Appendix A (ub-common-name, ub-organizational-unit-name).
constexpr std::size_t kMaxNameCharacters = 64;

bool isUtf8Continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The first `limit` characters of UTF-8 text (never splitting a code point).
std::string truncateUtf8(const std::string& text, std::size_t limit) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!isUtf8Continuation(text[i]) && characters++ == limit) {
            return text.substr(0, i);
        }
    }
    return text;
}

std::string asciiOnly(const std::string& text) {
    std::string out;
    for (char c : text) {
        out += c >= ' ' && c <= '~' ? c : '?';
    }
    return out;
}

void addNameEntry(X509_NAME* name, const char* field, const std::string& value) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(value.data());
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, static_cast<int>(value.size()), -1, 0) == 1) {
        return;
    }
    // The user or host name from the environment was not valid UTF-8: keep its ASCII.
    takeOpensslErrors();
    const std::string fallback = asciiOnly(value);
    check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(fallback.data()),
                                     static_cast<int>(fallback.size()), -1, 0) == 1,
          fmt::format("setting the CA subject {}", field));
}

std::string isoDate(Clock::time_point when) {
    const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(when)};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                       static_cast<unsigned>(day.day()));
}

X509NamePtr rootSubject(const InstallIdentity& identity, Clock::time_point now) {
    X509NamePtr name{X509_NAME_new()};
    check(name != nullptr, "X509_NAME_new");
    // "Flowscope CA (" + owner + ", " + id + ")" must fit 64 characters: shorten the owner.
    const std::size_t fixed = std::string_view("Flowscope CA (, )").size() + identity.id.size();
    const std::string owner = truncateUtf8(identity.owner, kMaxNameCharacters - fixed);
    // Most general first (O, OU, CN), so the RFC 2253 form reads "CN=...,OU=...,O=...".
    addNameEntry(name.get(), "O", "Flowscope");
    addNameEntry(name.get(), "OU", fmt::format("Flowscope install {} (created {})", identity.id, isoDate(now)));
    addNameEntry(name.get(), "CN", fmt::format("Flowscope CA ({}, {})", owner, identity.id));
    return name;
}

} // namespace

RootMaterial buildRootCa(const InstallIdentity& identity, Clock::time_point now) {
    PkeyPtr key = generateP256Key();
    X509Ptr cert{X509_new()};
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");
    setRandomSerial(cert.get());
    const X509NamePtr subject = rootSubject(identity, now);
    check(X509_set_subject_name(cert.get(), subject.get()) == 1, "X509_set_subject_name");
    check(X509_set_issuer_name(cert.get(), subject.get()) == 1, "X509_set_issuer_name");
    setValidity(cert.get(), now - kRootBackdate, now + kRootLifetime);
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "X509_set_pubkey");

    // pathlen 0: this root signs leaves directly; an intermediate it signed (it never
    // does) would not be accepted (RFC 5280 §4.2.1.9).
    addExtension(cert.get(), makeBasicConstraints(true, 0).get());
    addExtension(cert.get(), makeKeyUsage({KeyUsage::KeyCertSign, KeyUsage::CrlSign}).get());
    addExtension(cert.get(), makeSubjectKeyIdentifier(keyIdentifier(key.get())).get());

    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signing the root CA certificate");
    // Re-read from DER so a new root is in exactly the state of one loaded from disk
    // (encodings cached, so threads minting leaves only ever read it).
    X509Ptr parsed = certificateFromDer(certificateToDer(cert.get()));
    check(parsed != nullptr, "re-reading the root CA certificate");
    return RootMaterial{std::move(parsed), std::move(key)};
}

std::optional<std::string> rootCertificateProblem(X509* cert, Clock::time_point now) {
    // X509_check_ca() == 1 only for basicConstraints CA:TRUE whose keyUsage, if present,
    // includes keyCertSign; the legacy answers (v1 self-signed, Netscape types) are refused.
    if (X509_check_ca(cert) != 1) {
        return std::string("is not a CA certificate (needs basicConstraints CA:TRUE and keyUsage keyCertSign)");
    }
    const Clock::time_point notAfter = toTimePoint(X509_get0_notAfter(cert));
    if (notAfter <= now) {
        return fmt::format("expired on {}", isoDate(notAfter));
    }
    return std::nullopt;
}

} // namespace flowscope::ca
