#pragma once

#include <string>

#include "compose/model/value.hpp"

namespace compose::model {

/// Compact JSON of a Value with keys sorted and no whitespace: one byte string per meaning,
/// whatever the marks, tags or source order were. The input of every config hash.
std::string CanonicalJson(const Value& value);

/// Hex SHA-256 of CanonicalJson(value): the config hash of a whole definition (networks and
/// volumes hash all of theirs).
std::string CanonicalHash(const Value& value);

/// The config hash of a normalized service (`com.docker.compose.config-hash`, `config
/// --hash`): hex SHA-256 of CanonicalJson of the service without the keys that must not
/// trigger a recreate: build, pull_policy, scale, deploy.replicas, depends_on, profiles.
std::string ServiceConfigHash(const Value& service);

}  // namespace compose::model
