#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace engine {

/// A content digest in OCI form, "sha256:<64 lowercase hex>". Only sha256 is supported, as in
/// Docker's image store. Immutable once made.
class Digest final {
  public:
    /// Parses "sha256:<64 lowercase hex>". Throws Error(kInvalidArgument) naming the text and
    /// the expected form otherwise (unknown algorithm, wrong length, uppercase or non-hex).
    static Digest Parse(std::string_view text);

    /// The digest with algorithm sha256 and the given 64 lowercase hex digits; throws like Parse.
    static Digest FromSha256Hex(std::string_view hex);

    std::string_view algorithm() const { return "sha256"; }
    /// The 64 hex digits.
    const std::string& hex() const { return hex_; }
    /// "sha256:<hex>".
    std::string String() const { return "sha256:" + hex_; }

    friend bool operator==(const Digest&, const Digest&) = default;

  private:
    explicit Digest(std::string hex) : hex_(std::move(hex)) {}

    std::string hex_;
};

/// A streaming SHA-256 hasher (OpenSSL EVP). Feed bytes with Update, then call Finish once.
class Sha256 final {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    /// Adds bytes to the hash. Must not be called after Finish.
    void Update(std::string_view bytes);
    /// The digest of everything passed to Update. Throws Error(kInternal) if called twice.
    Digest Finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/// The sha256 digest of `bytes`.
Digest Sha256Of(std::string_view bytes);

}  // namespace engine
