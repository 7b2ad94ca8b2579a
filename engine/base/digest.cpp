#include "engine/base/digest.hpp"

#include <algorithm>
#include <string>

// SHA256_Init and friends are deprecated in OpenSSL 3 in favour of EVP, but EVP's first use
// loads the default provider with every algorithm it registers, which costs berthd about 2 MB
// of resident memory for one hash function. The low-level calls run the same assembly.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "engine/base/error.hpp"

namespace engine {
namespace {

constexpr std::string_view kSha256Prefix = "sha256:";
constexpr std::size_t kSha256HexLength = 64;

bool IsLowerHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

Error InvalidDigest(std::string_view text, std::string_view reason) {
    return Error(Errc::kInvalidArgument,
                 "invalid digest \"" + std::string(text) + "\": " + std::string(reason) +
                     "; expected \"sha256:\" followed by 64 lowercase hex digits");
}

}  // namespace

Digest Digest::Parse(std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        throw InvalidDigest(text, "no algorithm");
    }
    if (text.substr(0, colon + 1) != kSha256Prefix) {
        throw InvalidDigest(text, "unsupported algorithm \"" + std::string(text.substr(0, colon)) + "\"");
    }
    const std::string_view hex = text.substr(colon + 1);
    if (hex.size() != kSha256HexLength) {
        throw InvalidDigest(text, "the hex part has " + std::to_string(hex.size()) + " characters");
    }
    if (!std::all_of(hex.begin(), hex.end(), IsLowerHexDigit)) {
        throw InvalidDigest(text, "the hex part has a character that is not lowercase hex");
    }
    return Digest(std::string(hex));
}

Digest Digest::FromSha256Hex(std::string_view hex) {
    return Parse(std::string(kSha256Prefix) + std::string(hex));
}

struct Sha256::State {
    SHA256_CTX context{};
    bool finished = false;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    if (SHA256_Init(&state_->context) != 1) {
        throw Error(Errc::kInternal, "sha256: OpenSSL could not initialize the digest");
    }
}

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
    if (state_->finished) {
        throw Error(Errc::kInternal, "sha256: update after finish");
    }
    if (SHA256_Update(&state_->context, bytes.data(), bytes.size()) != 1) {
        throw Error(Errc::kInternal, "sha256: OpenSSL digest update failed");
    }
}

Digest Sha256::Finish() {
    if (state_->finished) {
        throw Error(Errc::kInternal, "sha256: finish called twice");
    }
    state_->finished = true;
    unsigned char raw[SHA256_DIGEST_LENGTH];
    constexpr unsigned int length = SHA256_DIGEST_LENGTH;
    if (SHA256_Final(raw, &state_->context) != 1) {
        throw Error(Errc::kInternal, "sha256: OpenSSL digest final failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[raw[i] >> 4]);
        hex.push_back(kHex[raw[i] & 0x0f]);
    }
    return Digest::FromSha256Hex(hex);
}

Digest Sha256Of(std::string_view bytes) {
    Sha256 hasher;
    hasher.Update(bytes);
    return hasher.Finish();
}

}  // namespace engine
