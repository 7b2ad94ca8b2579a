#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compose/model/mark.hpp"

namespace compose::model {

/// A YAML/JSON-like tree: the shape every compose file takes between parsing and the typed
/// views. Maps keep their keys sorted, so every walk and every printout is deterministic.
/// Each value remembers where it came from (`mark`) and, for map values, where its key was
/// (`key_mark`), so errors found late (schema, semantics) still point at file:line:column.
/// Equality compares content only: marks and tags are provenance, not meaning.
class Value final {
  public:
    enum class Kind { kNull, kBool, kInt, kFloat, kString, kSeq, kMap };
    using Seq = std::vector<Value>;
    using Map = std::map<std::string, Value, std::less<>>;

    Value() = default;
    explicit Value(bool b) : data_(b) {}
    explicit Value(std::int64_t i) : data_(i) {}
    explicit Value(int i) : data_(static_cast<std::int64_t>(i)) {}
    explicit Value(double d) : data_(d) {}
    explicit Value(std::string s) : data_(std::move(s)) {}
    explicit Value(const char* s) : data_(std::string(s)) {}
    explicit Value(Seq s) : data_(std::move(s)) {}
    explicit Value(Map m) : data_(std::move(m)) {}

    static Value MakeSeq() { return Value(Seq{}); }
    static Value MakeMap() { return Value(Map{}); }

    Kind kind() const { return static_cast<Kind>(data_.index()); }
    bool IsNull() const { return kind() == Kind::kNull; }
    bool IsBool() const { return kind() == Kind::kBool; }
    bool IsInt() const { return kind() == Kind::kInt; }
    bool IsFloat() const { return kind() == Kind::kFloat; }
    bool IsNumber() const { return IsInt() || IsFloat(); }
    bool IsString() const { return kind() == Kind::kString; }
    bool IsScalar() const { return !IsSeq() && !IsMap(); }
    bool IsSeq() const { return kind() == Kind::kSeq; }
    bool IsMap() const { return kind() == Kind::kMap; }

    // Accessors throw std::bad_variant_access on a kind mismatch: callers check kind first.
    bool AsBool() const { return std::get<bool>(data_); }
    std::int64_t AsInt() const { return std::get<std::int64_t>(data_); }
    double AsFloat() const { return std::get<double>(data_); }
    double AsNumber() const { return IsInt() ? static_cast<double>(AsInt()) : AsFloat(); }
    const std::string& AsString() const { return std::get<std::string>(data_); }
    std::string& AsString() { return std::get<std::string>(data_); }
    const Seq& AsSeq() const { return std::get<Seq>(data_); }
    Seq& AsSeq() { return std::get<Seq>(data_); }
    const Map& AsMap() const { return std::get<Map>(data_); }
    Map& AsMap() { return std::get<Map>(data_); }

    /// Map lookup; nullptr when this is not a map or has no such key.
    const Value* Find(std::string_view key) const;
    Value* Find(std::string_view key);
    /// Map insert-or-get; turns a null value into an empty map first.
    Value& operator[](std::string_view key);
    /// Map erase; false when absent.
    bool Erase(std::string_view key);

    /// A scalar as the text a user would write (strings unquoted, bools true/false, floats in
    /// shortest round-trip form, null as ""). Empty for sequences and maps.
    std::string ScalarText() const;

    /// Name of the kind for messages: "null", "boolean", "integer", "number", "string",
    /// "array", "object" (JSON Schema vocabulary, since validation errors use it).
    static std::string_view KindName(Kind kind);

    friend bool operator==(const Value& a, const Value& b) { return a.data_ == b.data_; }

    Mark mark;
    Mark key_mark;
    /// YAML tag the loader acts on ("!reset", "!override"); empty otherwise.
    std::string tag;

  private:
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Seq, Map> data_;
};

/// Compact canonical JSON of the value (see CanonicalJson), so test failures and debug logs
/// show trees rather than bytes.
std::ostream& operator<<(std::ostream& os, const Value& value);

}  // namespace compose::model
