#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace engine::api {

/// An Engine API version ("1.41"), ordered as moby's `versions.Compare` orders them: dot-separated
/// decimal components compared numerically, missing components counting as 0 ("1.41" == "1.41.0"),
/// a component too large for int64 counting as the int64 maximum. Only major and minor are kept;
/// any non-zero component after them makes the version sort just above its major.minor, which is
/// all that matters when comparing against two-component versions such as the supported range.
class ApiVersion final {
  public:
    constexpr ApiVersion(std::int64_t major, std::int64_t minor) : major_(major), minor_(minor) {}

    /// Parses text made only of digits and dots (what moby's route pattern `[0-9.]+` admits),
    /// leniently like Go's strconv.Atoi inside versions.Compare: an empty component ("1..2",
    /// ".") counts as 0. Returns nullopt for empty text or any other character.
    static std::optional<ApiVersion> Parse(std::string_view text);

    /// "major.minor", plus ".1" when a non-zero component followed the minor (a marker only:
    /// the exact tail is not kept).
    std::string ToString() const;

    friend constexpr auto operator<=>(const ApiVersion&, const ApiVersion&) = default;

  private:
    constexpr ApiVersion(std::int64_t major, std::int64_t minor, bool beyond_minor)
        : major_(major), minor_(minor), beyond_minor_(beyond_minor) {}

    std::int64_t major_;
    std::int64_t minor_;
    bool beyond_minor_ = false;
};

/// The oldest API version the daemon serves (Docker's MinAPIVersion for Linux).
inline constexpr ApiVersion kMinApiVersion{1, 24};
/// The newest version served, used for unversioned paths and sent as the `Api-Version` header.
inline constexpr ApiVersion kDefaultApiVersion{1, 41};
/// kDefaultApiVersion as the text that goes in headers and unversioned targets.
inline constexpr std::string_view kDefaultApiVersionText = "1.41";

/// A request target split the way moby's router sees it.
struct RequestTarget final {
    /// The version text exactly as sent after "/v" ("1.41", "1.041", "1..2"), or
    /// kDefaultApiVersionText when the path carried no version prefix.
    std::string version;
    /// The percent-decoded path without the version prefix ("/containers/json").
    std::string path;
    /// The raw query after the first '?', without it ("all=1"); empty when there is none.
    std::string query;
};

/// Splits `target` ("/v1.41/containers/json?all=1") into version, path and query. A first path
/// segment "v<digits and dots>" followed by '/' is the version (moby routes
/// `/v{version:[0-9.]+}/...`); anything else, such as "/vabc/x" or a bare "/v1.41", stays in the
/// path with the default version, so the router answers 404 for it as moby does. Does not check
/// the supported range (moby checks it only once a route matched; see CheckApiVersion).
/// Throws Error(kInvalidArgument) when the path has a malformed percent escape.
RequestTarget ParseRequestTarget(std::string_view target);

/// The version to serve a matched route with. Throws Error(kInvalidArgument) with moby's texts
/// when `version_text` is outside kMinApiVersion..kDefaultApiVersion:
/// "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your
/// client to a newer version" / "client version 1.52 is too new. Maximum supported API version
/// is 1.41". Text that is not digits and dots also gets Error(kInvalidArgument).
ApiVersion CheckApiVersion(std::string_view version_text);

}  // namespace engine::api
