#include "engine/api/api_version.hpp"

#include <limits>

#include "engine/api/query.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// One component the way Go's strconv.Atoi leaves it inside versions.Compare: errors are
// ignored, so "" is 0 and an out-of-range value is clamped to the int64 maximum.
std::int64_t ComponentValue(std::string_view digits) {
    std::int64_t value = 0;
    for (const char c : digits) {
        const int digit = c - '0';
        if (value > (kInt64Max - digit) / 10) {
            return kInt64Max;
        }
        value = value * 10 + digit;
    }
    return value;
}

bool IsVersionText(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
}

}  // namespace

std::optional<ApiVersion> ApiVersion::Parse(std::string_view text) {
    if (!IsVersionText(text)) {
        return std::nullopt;
    }
    std::int64_t parts[2] = {0, 0};
    bool beyond_minor = false;
    std::size_t index = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('.', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::int64_t value = ComponentValue(text.substr(start, end - start));
        if (index < 2) {
            parts[index] = value;
        } else if (value != 0) {
            beyond_minor = true;
        }
        ++index;
        start = end + 1;
    }
    return ApiVersion(parts[0], parts[1], beyond_minor);
}

std::string ApiVersion::ToString() const {
    std::string text = std::to_string(major_) + "." + std::to_string(minor_);
    if (beyond_minor_) {
        text += ".1";
    }
    return text;
}

RequestTarget ParseRequestTarget(std::string_view target) {
    RequestTarget result;
    std::string_view path = target;
    if (const std::size_t question = target.find('?'); question != std::string_view::npos) {
        path = target.substr(0, question);
        result.query = std::string(target.substr(question + 1));
    }
    result.version = std::string(kDefaultApiVersionText);
    // Only "/v<digits and dots>/" is a version prefix; the path keeps its own leading '/'.
    if (path.size() > 2 && path.substr(0, 2) == "/v") {
        const std::size_t slash = path.find('/', 2);
        if (slash != std::string_view::npos && IsVersionText(path.substr(2, slash - 2))) {
            result.version = std::string(path.substr(2, slash - 2));
            path.remove_prefix(slash);
        }
    }
    result.path = PathUnescape(path);
    return result;
}

ApiVersion CheckApiVersion(std::string_view version_text) {
    const std::optional<ApiVersion> version = ApiVersion::Parse(version_text);
    if (!version) {
        throw Error(Errc::kInvalidArgument,
                    "invalid API version \"" + std::string(version_text) + "\": use digits and dots, such as " +
                        std::string(kDefaultApiVersionText));
    }
    if (*version < kMinApiVersion) {
        throw Error(Errc::kInvalidArgument,
                    "client version " + std::string(version_text) + " is too old. Minimum supported API version is " +
                        kMinApiVersion.ToString() + ", please upgrade your client to a newer version");
    }
    if (*version > kDefaultApiVersion) {
        throw Error(Errc::kInvalidArgument,
                    "client version " + std::string(version_text) + " is too new. Maximum supported API version is " +
                        kDefaultApiVersion.ToString());
    }
    return *version;
}

}  // namespace engine::api
