#include "engine/image/reference.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/error.hpp"

// A hand-written scanner over distribution/reference's grammar (regexp.go). Every production
// below is unambiguous once split on its delimiters ("/", ":", "@"), so no backtracking is
// needed except the one choice the regexp also makes: whether the first component is a domain.
namespace engine::image {
namespace {

constexpr std::string_view kDefaultDomain = "docker.io";
constexpr std::string_view kLegacyDefaultDomain = "index.docker.io";
constexpr std::string_view kOfficialPrefix = "library/";
constexpr std::string_view kDefaultTag = "latest";
constexpr std::size_t kMaxPathLength = 255;
constexpr std::size_t kMaxTagLength = 128;
constexpr std::size_t kMinDigestHex = 32;

bool IsLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool IsUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool IsAlpha(char c) {
    return IsUpper(c) || (c >= 'a' && c <= 'z');
}
bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}
bool IsAlnum(char c) {
    return IsAlpha(c) || IsDigit(c);
}
bool IsWord(char c) {
    return IsAlnum(c) || c == '_';
}
bool IsHex(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsLowerHex(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f');
}

bool HasUpper(std::string_view text) {
    for (char c : text) {
        if (IsUpper(c)) {
            return true;
        }
    }
    return false;
}

std::string ToLower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) {
        if (IsUpper(c)) {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return lower;
}

bool IsLowerHexOfLength(std::string_view text, std::size_t length) {
    if (text.size() != length) {
        return false;
    }
    for (char c : text) {
        if (!IsLowerHex(c)) {
            return false;
        }
    }
    return true;
}

// [a-z0-9]+ ( ("." | "_" | "__" | "-"+) [a-z0-9]+ )*
bool IsPathComponent(std::string_view text) {
    std::size_t i = 0;
    while (true) {
        const std::size_t run_start = i;
        while (i < text.size() && IsLowerAlnum(text[i])) {
            ++i;
        }
        if (i == run_start) {
            return false;  // empty component, or a separator not followed by [a-z0-9]
        }
        if (i == text.size()) {
            return true;
        }
        const char separator = text[i];
        if (separator == '.') {
            ++i;
        } else if (separator == '_') {
            i += (i + 1 < text.size() && text[i + 1] == '_') ? 2 : 1;
        } else if (separator == '-') {
            while (i < text.size() && text[i] == '-') {
                ++i;
            }
        } else {
            return false;
        }
    }
}

// path-component ("/" path-component)*
bool IsRemoteName(std::string_view text) {
    while (true) {
        const std::size_t slash = text.find('/');
        if (!IsPathComponent(text.substr(0, slash))) {
            return false;
        }
        if (slash == std::string_view::npos) {
            return true;
        }
        text.remove_prefix(slash + 1);
    }
}

// [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool IsDomainComponent(std::string_view text) {
    if (text.empty() || !IsAlnum(text.front()) || !IsAlnum(text.back())) {
        return false;
    }
    for (char c : text) {
        if (!IsAlnum(c) && c != '-') {
            return false;
        }
    }
    return true;
}

bool IsDomainName(std::string_view text) {
    while (true) {
        const std::size_t dot = text.find('.');
        if (!IsDomainComponent(text.substr(0, dot))) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        text.remove_prefix(dot + 1);
    }
}

// "[" [a-fA-F0-9:]+ "]": compressed or full IPv6, no zone, no embedded IPv4.
bool IsBracketedIpv6(std::string_view text) {
    if (text.size() < 3 || text.front() != '[' || text.back() != ']') {
        return false;
    }
    for (char c : text.substr(1, text.size() - 2)) {
        if (!IsHex(c) && c != ':') {
            return false;
        }
    }
    return true;
}

// (domain-name | "[" ipv6 "]") (":" [0-9]+)?
bool IsDomainAndPort(std::string_view text) {
    std::size_t host_end = 0;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        host_end = close == std::string_view::npos ? text.size() : close + 1;
        if (!IsBracketedIpv6(text.substr(0, host_end))) {
            return false;
        }
    } else {
        host_end = std::min(text.find(':'), text.size());
        if (!IsDomainName(text.substr(0, host_end))) {
            return false;
        }
    }
    if (host_end == text.size()) {
        return true;
    }
    const std::string_view port = text.substr(host_end + 1);
    if (text[host_end] != ':' || port.empty()) {
        return false;
    }
    for (char c : port) {
        if (!IsDigit(c)) {
            return false;
        }
    }
    return true;
}

// [\w][\w.-]{0,127}
bool IsTag(std::string_view text) {
    if (text.empty() || text.size() > kMaxTagLength || !IsWord(text.front())) {
        return false;
    }
    for (char c : text) {
        if (!IsWord(c) && c != '.' && c != '-') {
            return false;
        }
    }
    return true;
}

// [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)* ":" [0-9a-fA-F]{32,}
bool IsDigestSyntax(std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    const std::string_view algorithm = text.substr(0, colon);
    bool component_start = true;
    for (char c : algorithm) {
        if (component_start) {
            if (!IsAlpha(c)) {
                return false;
            }
            component_start = false;
        } else if (c == '-' || c == '_' || c == '+' || c == '.') {
            component_start = true;
        } else if (!IsAlnum(c)) {
            return false;
        }
    }
    const std::string_view hex = text.substr(colon + 1);
    if (component_start || hex.size() < kMinDigestHex) {
        return false;
    }
    for (char c : hex) {
        if (!IsHex(c)) {
            return false;
        }
    }
    return true;
}

[[noreturn]] void ThrowInvalid(std::string message) {
    throw Error(Errc::kInvalidArgument, std::move(message));
}

// go-digest's Validate for the algorithms Docker registers. The syntax check already passed,
// so only the algorithm, the length and the case of the hex remain.
void ValidateDigest(std::string_view digest) {
    const std::size_t colon = digest.find(':');
    const std::string_view algorithm = digest.substr(0, colon);
    const std::string_view hex = digest.substr(colon + 1);
    std::size_t expected_length = 0;
    if (algorithm == "sha256") {
        expected_length = 64;
    } else if (algorithm == "sha384") {
        expected_length = 96;
    } else if (algorithm == "sha512") {
        expected_length = 128;
    } else {
        ThrowInvalid("unsupported digest algorithm");
    }
    if (hex.size() != expected_length) {
        ThrowInvalid("invalid checksum digest length");
    }
    if (!IsLowerHexOfLength(hex, expected_length)) {
        ThrowInvalid("invalid checksum digest format");
    }
}

// Splits remote-name [":" tag] ["@" digest] (no domain) into path, tag and digest.
std::optional<Reference> ScanAfterDomain(std::string_view text) {
    const std::size_t name_end = std::min(text.find_first_of(":@"), text.size());
    const std::string_view path = text.substr(0, name_end);
    if (!IsRemoteName(path)) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(name_end);
    std::string_view tag;
    if (!rest.empty() && rest.front() == ':') {
        const std::size_t at = std::min(rest.find('@'), rest.size());
        tag = rest.substr(1, at - 1);
        if (!IsTag(tag)) {
            return std::nullopt;
        }
        rest.remove_prefix(at);
    }
    std::string_view digest;
    if (!rest.empty()) {
        digest = rest.substr(1);  // rest starts with '@' here
        if (!IsDigestSyntax(digest)) {
            return std::nullopt;
        }
    }
    return Reference{.domain = "", .path = std::string(path), .tag = std::string(tag), .digest = std::string(digest)};
}

// The anchored reference regexp: a leading component followed by "/" is the domain when it
// is a valid host[:port] and the rest still matches; otherwise the whole name is the path.
std::optional<Reference> Scan(std::string_view text) {
    const std::size_t slash = text.find('/');
    if (slash != std::string_view::npos && IsDomainAndPort(text.substr(0, slash))) {
        if (std::optional<Reference> reference = ScanAfterDomain(text.substr(slash + 1))) {
            reference->domain = text.substr(0, slash);
            return reference;
        }
    }
    return ScanAfterDomain(text);
}

// distribution/reference's Parse: syntax, then length, then the digest's algorithm and size.
Reference ParseCanonical(std::string_view text) {
    std::optional<Reference> reference = Scan(text);
    if (!reference) {
        if (HasUpper(text) && Scan(ToLower(text))) {
            ThrowInvalid("invalid reference format: repository name must be lowercase");
        }
        ThrowInvalid("invalid reference format");
    }
    if (reference->path.size() > kMaxPathLength) {
        ThrowInvalid("repository name must not be more than 255 characters");
    }
    if (!reference->digest.empty()) {
        ValidateDigest(reference->digest);
    }
    return *std::move(reference);
}

struct DomainSplit {
    std::string domain;
    std::string remainder;  // path plus any ":tag" / "@digest"
};

// Docker's splitDockerDomain: decides the domain by looks alone, before any validation.
DomainSplit SplitDockerDomain(std::string_view text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) {
        // A single component is never a domain, so "localhost:5000" is an image with a tag.
        return {std::string(kDefaultDomain), std::string(kOfficialPrefix) + std::string(text)};
    }
    const std::string_view first = text.substr(0, slash);
    const std::string_view rest = text.substr(slash + 1);
    DomainSplit split;
    if (first == kLegacyDefaultDomain) {
        split = {std::string(kDefaultDomain), std::string(rest)};
    } else if (first == "localhost" || first.find_first_of(".:") != std::string_view::npos || HasUpper(first)) {
        split = {std::string(first), std::string(rest)};
    } else {
        split = {std::string(kDefaultDomain), std::string(text)};
    }
    if (split.domain == kDefaultDomain && split.remainder.find('/') == std::string::npos) {
        split.remainder.insert(0, kOfficialPrefix);
    }
    return split;
}

}  // namespace

std::string Reference::Name() const {
    return domain.empty() ? path : domain + "/" + path;
}

std::string Reference::String() const {
    std::string text = Name();
    if (!tag.empty()) {
        text += ":" + tag;
    }
    if (!digest.empty()) {
        text += "@" + digest;
    }
    return text;
}

std::string Reference::FamiliarName() const {
    if (domain != kDefaultDomain) {
        return Name();
    }
    // Only a direct child of "library/" is an official image; "library/a/b" stays as it is.
    std::string familiar = path;
    if (path.starts_with(kOfficialPrefix)) {
        const std::string_view rest = std::string_view(path).substr(kOfficialPrefix.size());
        if (rest.find('/') == std::string_view::npos) {
            familiar = rest;
        }
    }
    // Docker drops "docker.io/" even when the path's first component then reads as a registry
    // ("docker.io/a.b/c" shown as "a.b/c", which names another image); keep the domain whenever
    // the short form would read back as another name.
    // Likewise a bare 64-hex name, which would read back as an image ID and be refused.
    const DomainSplit reread = SplitDockerDomain(familiar);
    const bool reads_back = reread.domain == kDefaultDomain && reread.remainder == path;
    return reads_back && !IsLowerHexOfLength(familiar, 64) ? familiar : Name();
}

std::string Reference::Familiar() const {
    Reference familiar = *this;
    familiar.domain.clear();
    familiar.path = FamiliarName();
    return familiar.String();
}

Reference ParseReference(std::string_view text) {
    if (IsLowerHexOfLength(text, 64)) {
        ThrowInvalid("invalid repository name (" + std::string(text) + "), cannot specify 64-byte hexadecimal strings");
    }
    const DomainSplit split = SplitDockerDomain(text);
    const std::string_view remainder = split.remainder;
    const std::string_view remote = remainder.substr(0, remainder.find(':'));
    if (HasUpper(remote)) {
        ThrowInvalid("invalid reference format: repository name (" + std::string(remote) + ") must be lowercase");
    }
    return ParseCanonical(split.domain + "/" + split.remainder);
}

Reference WithDefaultTag(Reference reference) {
    if (reference.tag.empty() && reference.digest.empty()) {
        reference.tag = kDefaultTag;
    }
    return reference;
}

bool IsFullImageId(std::string_view text) {
    if (text.starts_with("sha256:")) {
        text.remove_prefix(7);
    }
    return IsLowerHexOfLength(text, 64);
}

}  // namespace engine::image
