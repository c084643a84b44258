#include "ca_test_support.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <openssl/rand.h>
#include <stdexcept>

namespace flowscope::ca::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    unsigned char random[8];
    if (RAND_bytes(random, sizeof random) != 1) {
        throw std::runtime_error("RAND_bytes");
    }
    m_path = fs::temp_directory_path() / ("flowscope-ca-test-" + lowerHex(random));
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path.string());
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::vector<fs::path> leafFiles(const fs::path& certsDir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(certsDir / "leaf")) {
        if (entry.path().extension() == ".pem" && entry.path().filename() != "leaf-key.pem") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

X509Ptr loadCertificate(const fs::path& pemFile) {
    return certificateFromPem(readFile(pemFile));
}

std::optional<std::string> nameEntry(X509* cert, int nid) {
    X509_NAME* name = X509_get_subject_name(cert);
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0) {
        return std::nullopt;
    }
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int size = ASN1_STRING_to_UTF8(&utf8, data);
    if (size < 0) {
        return std::nullopt;
    }
    std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(size));
    OPENSSL_free(utf8);
    return out;
}

std::optional<std::string> commonName(X509* cert) {
    return nameEntry(cert, NID_commonName);
}

std::optional<bool> extensionCritical(X509* cert, int nid) {
    const int index = X509_get_ext_by_NID(cert, nid, -1);
    if (index < 0) {
        return std::nullopt;
    }
    return X509_EXTENSION_get_critical(X509_get_ext(cert, index)) == 1;
}

std::vector<unsigned char> octets(const ASN1_OCTET_STRING* string) {
    if (string == nullptr) {
        return {};
    }
    const unsigned char* data = ASN1_STRING_get0_data(string);
    return {data, data + ASN1_STRING_length(string)};
}

std::vector<SanEntry> subjectAltNames(X509* cert) {
    std::vector<SanEntry> out;
    const GeneralNamesPtr names{
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))};
    if (!names) {
        return out;
    }
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        int type = 0;
        const auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(name, &type));
        out.push_back(SanEntry{type, octets(value)});
    }
    return out;
}

std::optional<std::string> verifyChain(X509* root, X509* leaf, const std::string& host, bool isIp) {
    const OpensslPtr<X509_STORE, X509_STORE_free> store{X509_STORE_new()};
    X509_STORE_add_cert(store.get(), root);
    const OpensslPtr<X509_STORE_CTX, X509_STORE_CTX_free> context{X509_STORE_CTX_new()};
    X509_STORE_CTX_init(context.get(), store.get(), leaf, nullptr);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
    if (isIp) {
        X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    } else {
        X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    }
    if (X509_verify_cert(context.get()) == 1) {
        return std::nullopt;
    }
    return std::string(X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get())));
}

double daysBetween(std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to) {
    return std::chrono::duration<double, std::ratio<86400>>(to - from).count();
}

} // namespace flowscope::ca::test
