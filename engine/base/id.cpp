#include "engine/base/id.hpp"

#include <algorithm>
#include <vector>

#include <openssl/rand.h>

#include "engine/base/error.hpp"

namespace engine {
namespace {

constexpr std::size_t kObjectIdBytes = 32;
constexpr std::size_t kShortIdLength = 12;

bool IsLowerHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

std::string RandomHex(std::size_t byte_count) {
    std::vector<unsigned char> bytes(byte_count);
    if (byte_count > 0 && RAND_bytes(bytes.data(), static_cast<int>(byte_count)) != 1) {
        throw Error(Errc::kInternal, "generate random bytes: OpenSSL RAND_bytes failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(byte_count * 2);
    for (const unsigned char byte : bytes) {
        hex.push_back(kHex[byte >> 4]);
        hex.push_back(kHex[byte & 0x0f]);
    }
    return hex;
}

std::string NewObjectId() {
    return RandomHex(kObjectIdBytes);
}

bool IsObjectId(std::string_view text) {
    return text.size() == kObjectIdBytes * 2 && std::all_of(text.begin(), text.end(), IsLowerHexDigit);
}

std::string ShortId(std::string_view id) {
    return std::string(id.substr(0, kShortIdLength));
}

}  // namespace engine
