#include "engine/base/id.hpp"

#include <algorithm>
#include <cerrno>
#include <vector>

#include <sys/random.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine {
namespace {

constexpr std::size_t kObjectIdBytes = 32;
constexpr std::size_t kShortIdLength = 12;

bool IsLowerHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

// The kernel's CSPRNG directly: OpenSSL's RAND_bytes seeds from the same source, and calling it
// would make every process that only writes a file initialize OpenSSL's whole provider stack
// (about 2 MB of berthd's idle RSS).
std::string RandomHex(std::size_t byte_count) {
    std::vector<unsigned char> bytes(byte_count);
    std::size_t filled = 0;
    while (filled < byte_count) {
        const ssize_t got = getrandom(bytes.data() + filled, byte_count - filled, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            ThrowErrno("getrandom", errno);
        }
        filled += static_cast<std::size_t>(got);
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
