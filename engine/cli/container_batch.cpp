#include "engine/cli/container_batch.hpp"

#include "engine/base/error.hpp"

namespace engine::cli {

void ForEachContainer(CommandContext& context,
                      const std::vector<std::string>& names,
                      const std::function<void(const std::string& name)>& action,
                      bool tolerate_missing) {
    std::string errors;
    for (const std::string& name : names) {
        try {
            action(name);
        } catch (const Error& error) {
            if (tolerate_missing && error.code() == Errc::kNotFound) {
                context.io().err << error.what() << '\n';
                continue;
            }
            errors += (errors.empty() ? "" : "\n") + std::string(error.what());
            continue;
        }
        context.io().out << name << '\n';
    }
    if (!errors.empty()) {
        throw ExitError(1, errors);
    }
}

}  // namespace engine::cli
