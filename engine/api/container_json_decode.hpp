#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/container_config.hpp"

namespace engine::api {

/// Reads one JSON object into typed fields the way Go's encoding/json fills a struct, so that a
/// wrong type is reported with Go's text, e.g. "invalid JSON: json: cannot unmarshal string into
/// Go struct field HostConfig.HostConfig.Memory of type int64" (Go names the innermost struct
/// type and the full field path from the root). Absent keys and null values leave the output
/// untouched, as Go does; unknown keys are ignored. Every Read throws Error(kInvalidArgument).
class GoStructReader final {
  public:
    /// `object` is the JSON value of the struct (an object, or null for an empty one).
    /// `struct_name` is its Go type name without package ("HostConfig"); `path` the dotted JSON
    /// path from the root to it ("" at the root, "HostConfig" for the host config).
    GoStructReader(const nlohmann::json& object, std::string struct_name, std::string path);

    /// True when `key` is present, even as null. Keys match as in Go: exactly, or else
    /// case-insensitively.
    bool Present(std::string_view key) const;

    /// True when `key` is present and not null.
    bool Has(std::string_view key) const;

    /// A Go string (or string-kinded type, e.g. "container.NetworkMode").
    void Read(std::string_view key, std::string& out, std::string_view go_type = "string") const;
    void Read(std::string_view key, bool& out) const;
    /// A Go signed integer of type `go_type` holding [min, max].
    void ReadInt(std::string_view key,
                 std::int64_t& out,
                 std::string_view go_type = "int64",
                 std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                 std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
    void ReadUint(std::string_view key, std::uint64_t& out, std::string_view go_type, std::uint64_t max) const;
    void Read(std::string_view key, std::optional<std::int64_t>& out, std::string_view go_type = "int64") const;
    void Read(std::string_view key, std::optional<bool>& out) const;
    /// A Go [2]uint (ConsoleSize); nullopt when absent or null. Like Go, missing elements are
    /// 0 and extra ones are dropped.
    std::optional<std::array<std::uint64_t, 2>> ReadUintPair(std::string_view key) const;
    /// A Go []string.
    void Read(std::string_view key, StringList& out) const;
    /// moby's strslice.StrSlice: a string or a list of strings. Its custom decoder reports a
    /// wrong type without the field ("json: cannot unmarshal number into Go value of type string").
    void ReadStrSlice(std::string_view key, StringList& out) const;
    void Read(std::string_view key, StringMap& out) const;
    /// A Go map[string]struct{} (the values must be objects or null).
    void Read(std::string_view key, StringSet& out, std::string_view go_type) const;

    /// The nested struct at `key` (`go_type` is its qualified type, "container.RestartPolicy"),
    /// or nullopt when absent or null.
    std::optional<GoStructReader> Struct(std::string_view key, std::string struct_name, std::string_view go_type) const;
    /// The elements of a Go []T / []*T of structs at `key`; nullopt when absent or null. A null
    /// element reads as an empty struct.
    std::optional<std::vector<GoStructReader>> StructList(std::string_view key,
                                                          std::string struct_name,
                                                          std::string_view go_type) const;
    /// The values of a Go map[string]*T of structs at `key`; nullopt when absent or null. A
    /// null value is kept as nullopt.
    std::optional<std::vector<std::pair<std::string, std::optional<GoStructReader>>>> StructMap(
        std::string_view key, std::string struct_name, std::string_view go_type) const;

    /// The raw value at `key` (null when absent), for fields with custom shapes.
    const nlohmann::json& Raw(std::string_view key) const;

    /// Throws Go's type error for `value` found at `key` where `go_type` was expected.
    [[noreturn]] void Fail(std::string_view key, const nlohmann::json& value, std::string_view go_type) const;

  private:
    const nlohmann::json* Find(std::string_view key) const;
    [[noreturn]] void FailNumber(std::string_view key, const nlohmann::json& value, std::string_view go_type) const;
    std::string FieldPath(std::string_view key) const;

    const nlohmann::json* object_;
    std::string struct_name_;
    std::string path_;
};

/// Go's name for the JSON kind of `value` in type errors: "string", "number", "bool", "array",
/// "object" (an integer field given a number that does not fit it says "number <literal>").
std::string GoJsonKind(const nlohmann::json& value);

/// The error for a body whose top-level value is not an object: "invalid JSON: json: cannot
/// unmarshal array into Go value of type <go_type>".
[[noreturn]] void FailTopLevel(const nlohmann::json& value, std::string_view go_type);

/// One network.EndpointSettings object: a NetworkingConfig.EndpointsConfig value of a create,
/// or the EndpointConfig of POST /networks/{id}/connect (defined with the create decoder).
EndpointSettings DecodeEndpointSettings(const GoStructReader& in);

}  // namespace engine::api
