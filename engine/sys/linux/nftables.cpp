#include "engine/sys/linux/nftables.hpp"

#include <memory>
#include <string>

#include <nftables/libnftables.h>

#include "engine/base/error.hpp"

namespace engine::sys {
namespace {

struct ContextDeleter {
    void operator()(nft_ctx* context) const { nft_ctx_free(context); }
};

std::string TrimmedBuffer(const char* text) {
    std::string result = text == nullptr ? "" : text;
    while (!result.empty() && (result.back() == '\n' || result.back() == ' ')) {
        result.pop_back();
    }
    return result;
}

}  // namespace

std::string RunNftScript(std::string_view script) {
    const std::unique_ptr<nft_ctx, ContextDeleter> context(nft_ctx_new(NFT_CTX_DEFAULT));
    if (!context) {
        throw Error(Errc::kInternal, "nftables: cannot create a context");
    }
    // Buffered output and errors so they reach the caller instead of the daemon's stderr.
    if (nft_ctx_buffer_output(context.get()) != 0 || nft_ctx_buffer_error(context.get()) != 0) {
        throw Error(Errc::kInternal, "nftables: cannot buffer output");
    }
    const std::string text(script);
    if (nft_run_cmd_from_buffer(context.get(), text.c_str()) != 0) {
        throw Error(Errc::kInternal, "nftables: " + TrimmedBuffer(nft_ctx_get_error_buffer(context.get())));
    }
    return TrimmedBuffer(nft_ctx_get_output_buffer(context.get()));
}

}  // namespace engine::sys
