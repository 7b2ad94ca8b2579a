#include "compose/model/config_hash.hpp"

#include <array>
#include <cstdio>
#include <stdexcept>

#include <openssl/evp.h>

namespace compose::model {
namespace {

void AppendJsonString(std::string& out, std::string_view text) {
    out += '"';
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            std::array<char, 8> buf{};
            std::snprintf(buf.data(), buf.size(), "\\u%04x", c);
            out += buf.data();
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

void AppendCanonical(std::string& out, const Value& value) {
    switch (value.kind()) {
        case Value::Kind::kString:
            AppendJsonString(out, value.AsString());
            return;
        case Value::Kind::kNull:
            out += "null";
            return;
        case Value::Kind::kSeq: {
            out += '[';
            const char* sep = "";
            for (const Value& item : value.AsSeq()) {
                out += sep;
                AppendCanonical(out, item);
                sep = ",";
            }
            out += ']';
            return;
        }
        case Value::Kind::kMap: {
            out += '{';
            const char* sep = "";
            for (const auto& [key, child] : value.AsMap()) {
                out += sep;
                AppendJsonString(out, key);
                out += ':';
                AppendCanonical(out, child);
                sep = ",";
            }
            out += '}';
            return;
        }
        default:
            out += value.ScalarText();
    }
}

std::string Sha256Hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("sha256: OpenSSL EVP_Digest failed");
    }
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < size; ++i) {
        hex += kHex[digest[i] >> 4U];
        hex += kHex[digest[i] & 0xfU];
    }
    return hex;
}

}  // namespace

std::string CanonicalJson(const Value& value) {
    std::string out;
    AppendCanonical(out, value);
    return out;
}

std::string CanonicalHash(const Value& value) {
    return Sha256Hex(CanonicalJson(value));
}

std::string ServiceConfigHash(const Value& service) {
    Value hashed = service;
    for (std::string_view key : {"build", "pull_policy", "scale", "depends_on", "profiles"}) {
        hashed.Erase(key);
    }
    if (Value* deploy = hashed.Find("deploy"); deploy != nullptr) {
        deploy->Erase("replicas");
    }
    return CanonicalHash(hashed);
}

}  // namespace compose::model
