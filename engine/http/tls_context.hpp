#pragma once

#include <memory>

#include <openssl/ssl.h>

#include "engine/http/server.hpp"

namespace engine::http::detail {

/// A TLS 1.2+ server context with `files.cert`/`files.key` that requires client certificates
/// chaining to `files.ca` (docker --tlsverify). Throws engine::Error(kInvalidArgument) naming
/// the file that could not be used.
std::shared_ptr<SSL_CTX> MakeServerTlsContext(const TlsFiles& files);

}  // namespace engine::http::detail
