#include "engine/http/tls_context.hpp"

#include <string>

#include <openssl/err.h>

#include "engine/base/error.hpp"

namespace engine::http::detail {
namespace {

[[noreturn]] void Fail(std::string what) {
    const unsigned long code = ERR_get_error();
    if (code != 0) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        what += ": ";
        what += text;
    }
    ERR_clear_error();
    throw Error(Errc::kInvalidArgument, what);
}

}  // namespace

std::shared_ptr<SSL_CTX> MakeServerTlsContext(const TlsFiles& files) {
    ERR_clear_error();
    std::shared_ptr<SSL_CTX> ctx(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    if (!ctx) {
        Fail("tls: cannot create a context");
    }
    SSL_CTX* raw = ctx.get();
    SSL_CTX_set_min_proto_version(raw, TLS1_2_VERSION);
    SSL_CTX_set_options(raw, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    SSL_CTX_set_options(raw, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
    SSL_CTX_set_mode(raw, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(raw, files.cert.c_str()) != 1) {
        Fail("tls: cannot load the server certificate " + files.cert.string());
    }
    if (SSL_CTX_use_PrivateKey_file(raw, files.key.c_str(), SSL_FILETYPE_PEM) != 1) {
        Fail("tls: cannot load the server key " + files.key.string());
    }
    if (SSL_CTX_check_private_key(raw) != 1) {
        Fail("tls: the key " + files.key.string() + " does not match the certificate " + files.cert.string());
    }
    if (files.ca.empty()) {
        throw Error(Errc::kInvalidArgument, "tls: a CA certificate is required to verify clients");
    }
    if (SSL_CTX_load_verify_locations(raw, files.ca.c_str(), nullptr) != 1) {
        Fail("tls: cannot load the CA certificate " + files.ca.string());
    }
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(files.ca.c_str());
    if (names != nullptr) {
        SSL_CTX_set_client_CA_list(raw, names);
    }
    SSL_CTX_set_verify(raw, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    ERR_clear_error();
    return ctx;
}

}  // namespace engine::http::detail
