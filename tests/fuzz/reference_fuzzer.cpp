// libFuzzer target for image references: any text goes through ParseReference and, when it
// parses, every printed form must parse back to the same reference (Familiar() is what the
// CLI shows and users type back). engine::Error is the expected answer to bad input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/base/error.hpp"
#include "engine/image/reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    engine::image::Reference parsed;
    try {
        parsed = engine::image::ParseReference(text);
    } catch (const engine::Error&) {
        return 0;
    }
    for (const std::string& printed : {parsed.String(), parsed.Familiar()}) {
        if (engine::image::ParseReference(printed) != parsed) {
            std::abort();
        }
    }
    const engine::image::Reference tagged = engine::image::WithDefaultTag(parsed);
    if (engine::image::ParseReference(tagged.String()) != tagged) {
        std::abort();
    }
    return 0;
}
