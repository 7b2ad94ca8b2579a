#pragma once

#include <string>
#include <string_view>

namespace engine::image {

/// An image reference as Docker normalizes it (distribution/reference's ParseNormalizedNamed):
///
///   reference := name [":" tag] ["@" digest]
///   name      := [domain "/"] path
///
/// A parsed reference is fully qualified: "busybox" is {docker.io, library/busybox}. `domain`
/// is empty only in one corner Docker also keeps: a first component with a "." that is a valid
/// path component but not a valid host ("my_host.lan/app" is the path "my_host.lan/app").
struct Reference {
    std::string domain;  ///< "docker.io", "localhost:5000", "[::1]:5000", "registry.example.com"
    std::string path;    ///< "library/busybox", "myorg/app"
    std::string tag;     ///< "" when none
    std::string digest;  ///< "sha256:<64 hex>" or ""

    /// domain/path: "docker.io/library/busybox" (just the path when there is no domain).
    std::string Name() const;
    /// The full normalized form: "docker.io/library/busybox:latest", "localhost:5000/x@sha256:…".
    std::string String() const;
    /// The short form the Docker CLI shows and accepts back: Docker Hub's "docker.io/" and
    /// "library/" dropped ("busybox:latest", "myorg/app:1", "localhost:5000/x:y").
    std::string Familiar() const;
    /// Familiar() without tag and digest: "busybox", "myorg/app", "localhost:5000/x".
    std::string FamiliarName() const;

    bool operator==(const Reference&) const = default;
};

/// Parses and normalizes `text` like `docker pull` does: default domain "docker.io",
/// "index.docker.io" read as "docker.io", "library/" added to one-component Docker Hub paths.
/// The first component is the domain when it contains "." or ":", is "localhost", or has
/// uppercase letters. No default tag is added (see WithDefaultTag).
/// Throws engine::Error(kInvalidArgument) with Docker's texts, e.g. "invalid reference format",
/// "invalid reference format: repository name (library/Busybox) must be lowercase",
/// "invalid checksum digest length".
Reference ParseReference(std::string_view text);

/// `reference` with the tag "latest" when it has neither tag nor digest (Docker's TagNameOnly).
Reference WithDefaultTag(Reference reference);

/// True for a full image ID: 64 lowercase hex digits, optionally prefixed with "sha256:".
bool IsFullImageId(std::string_view text);

}  // namespace engine::image
