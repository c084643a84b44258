#include "ca/openssl_util.hpp"

#include <array>
#include <climits>
#include <ctime>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

namespace flowscope::ca {

void X509Deleter::operator()(X509* cert) const noexcept {
    X509_free(cert);
}

void PkeyDeleter::operator()(EVP_PKEY* key) const noexcept {
    EVP_PKEY_free(key);
}

namespace {

BioPtr readOnlyBio(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        throw CaError("input too large for OpenSSL");
    }
    BioPtr bio{BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()))};
    check(bio != nullptr, "BIO_new_mem_buf");
    return bio;
}

BioPtr writableBio() {
    BioPtr bio{BIO_new(BIO_s_mem())};
    check(bio != nullptr, "BIO_new");
    return bio;
}

// OpenSSL's default passphrase callback prompts on the controlling terminal, which would
// hang a GUI or a service. Refusing makes an encrypted key fail like a corrupt one.
int refusePassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) {
    return -1;
}

} // namespace

std::string takeOpensslErrors() {
    std::string out;
    const char* data = nullptr;
    int flags = 0;
    while (unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        if (!out.empty()) {
            out += "; ";
        }
        const char* lib = ERR_lib_error_string(code);
        const char* reason = ERR_reason_error_string(code);
        if (lib != nullptr) {
            out += lib;
            out += ": ";
        }
        out += reason != nullptr ? reason : fmt::format("error {:#x}", code);
        if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') {
            out += fmt::format(" ({})", data);
        }
    }
    return out.empty() ? std::string("unknown OpenSSL error") : out;
}

void throwOpensslError(std::string_view what) {
    throw CaError(fmt::format("{}: {}", what, takeOpensslErrors()));
}

X509Ptr certificateFromPem(std::string_view pem) {
    BioPtr bio = readOnlyBio(pem);
    return X509Ptr{PEM_read_bio_X509(bio.get(), nullptr, refusePassphrase, nullptr)};
}

X509Ptr certificateFromDer(std::string_view der) {
    const auto* begin = reinterpret_cast<const unsigned char*>(der.data());
    const unsigned char* cursor = begin;
    X509Ptr cert{d2i_X509(nullptr, &cursor, static_cast<long>(der.size()))};
    // Trailing bytes mean the file is not exactly one certificate.
    if (cert && cursor != begin + der.size()) {
        return nullptr;
    }
    return cert;
}

PkeyPtr privateKeyFromPem(std::string_view pem) {
    BioPtr bio = readOnlyBio(pem);
    return PkeyPtr{PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr)};
}

std::string memoryBioContents(BIO* bio) {
    // BIO_get_mem_data() is a macro with a C-style cast; this is its expansion without it.
    char* data = nullptr;
    const long size = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    return size > 0 && data != nullptr ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string certificateToPem(X509* cert) {
    BioPtr bio = writableBio();
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
    return memoryBioContents(bio.get());
}

std::string certificateToDer(X509* cert) {
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert, &der);
    check(size > 0, "i2d_X509");
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    return out;
}

std::string privateKeyToPkcs8Pem(EVP_PKEY* key) {
    BioPtr bio = writableBio();
    check(PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PKCS8PrivateKey");
    return memoryBioContents(bio.get());
}

PkeyPtr generateP256Key() {
    PkeyPtr key{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
    check(key != nullptr, "generating an ECDSA P-256 key");
    return key;
}

void setRandomSerial(X509* cert) {
    std::array<unsigned char, 16> bytes{};
    check(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) == 1, "RAND_bytes");
    bytes[0] &= 0x7F; // DER INTEGER is signed: a clear top bit keeps it positive in 16 octets
    BignumPtr number{BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr)};
    check(number != nullptr, "BN_bin2bn");
    if (BN_is_zero(number.get())) {
        check(BN_one(number.get()) == 1, "BN_one"); // zero is not a valid serial (2^-127 odds)
    }
    Asn1IntegerPtr serial{BN_to_ASN1_INTEGER(number.get(), nullptr)};
    check(serial != nullptr, "BN_to_ASN1_INTEGER");
    check(X509_set_serialNumber(cert, serial.get()) == 1, "X509_set_serialNumber");
}

void setValidity(X509* cert, Clock::time_point notBefore, Clock::time_point notAfter) {
    check(ASN1_TIME_set(X509_getm_notBefore(cert), Clock::to_time_t(notBefore)) != nullptr, "setting notBefore");
    check(ASN1_TIME_set(X509_getm_notAfter(cert), Clock::to_time_t(notAfter)) != nullptr, "setting notAfter");
}

Clock::time_point toTimePoint(const ASN1_TIME* time) {
    std::tm tm{};
    check(time != nullptr && ASN1_TIME_to_tm(time, &tm) == 1, "ASN1_TIME_to_tm");
    using namespace std::chrono;
    // ASN1_TIME_to_tm yields UTC fields; build the instant without timegm() (not portable).
    const sys_days day{year{tm.tm_year + 1900} / month{static_cast<unsigned>(tm.tm_mon + 1)} /
                       static_cast<unsigned>(tm.tm_mday)};
    return time_point_cast<Clock::duration>(day + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec});
}

Bytes sha256(std::span<const unsigned char> data) {
    Bytes digest(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    check(EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) == 1, "SHA-256");
    digest.resize(size);
    return digest;
}

std::string colonHex(std::span<const unsigned char> bytes) {
    std::string out;
    out.reserve(bytes.size() * 3);
    for (unsigned char byte : bytes) {
        if (!out.empty()) {
            out += ':';
        }
        out += fmt::format("{:02X}", byte);
    }
    return out;
}

std::string lowerHex(std::span<const unsigned char> bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        out += fmt::format("{:02x}", byte);
    }
    return out;
}

Bytes keyIdentifier(EVP_PKEY* key) {
    X509_PUBKEY* rawPublic = nullptr;
    check(X509_PUBKEY_set(&rawPublic, key) == 1, "X509_PUBKEY_set");
    const OpensslPtr<X509_PUBKEY, X509_PUBKEY_free> publicKey{rawPublic};
    const unsigned char* bits = nullptr;
    int bitsSize = 0;
    check(X509_PUBKEY_get0_param(nullptr, &bits, &bitsSize, nullptr, publicKey.get()) == 1, "X509_PUBKEY_get0_param");
    Bytes digest(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    // SHA-1 here only names the key (RFC 5280 §4.2.1.2); it protects nothing.
    check(EVP_Digest(bits, static_cast<std::size_t>(bitsSize), digest.data(), &size, EVP_sha1(), nullptr) == 1,
          "SHA-1 key identifier");
    digest.resize(size);
    return digest;
}

std::string nameToRfc2253(const X509_NAME* name) {
    BioPtr bio = writableBio();
    // RFC 2253 minus escaping of bytes >= 0x80: a user name like "José" stays readable as UTF-8.
    constexpr unsigned long flags = XN_FLAG_RFC2253 & ~static_cast<unsigned long>(ASN1_STRFLGS_ESC_MSB);
    check(X509_NAME_print_ex(bio.get(), name, 0, flags) >= 0, "X509_NAME_print_ex");
    return memoryBioContents(bio.get());
}

} // namespace flowscope::ca
