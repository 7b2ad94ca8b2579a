#include "compose/reconcile/inline_files.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>

#include <sys/stat.h>
#include <unistd.h>

namespace compose::reconcile {
namespace {

namespace fs = std::filesystem;
using model::Value;

struct InlineKind final {
    std::string_view section;  // "secrets" / "configs"
    std::string_view noun;     // "secret" / "config"
};

std::runtime_error WriteError(std::string_view noun, const std::string& key, const std::string& what) {
    return std::runtime_error(std::string(noun) + " " + key + ": " + what);
}

std::optional<std::string> ReadIfPresent(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes `data` to `path` unless it already holds exactly that: replacing an identical file
// would be harmless to its readers, but not rewriting keeps a second `up` free of side effects.
void WriteAtomically(const fs::path& path, const std::string& data, std::string_view noun, const std::string& key) {
    if (ReadIfPresent(path) == data) {
        return;
    }
    std::string temporary = path.string() + ".XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) {
        throw WriteError(noun, key, "create a temporary file next to " + path.string() + ": " + std::strerror(errno));
    }
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int saved = errno;
            ::close(fd);
            ::unlink(temporary.c_str());
            throw WriteError(noun, key, "write " + temporary + ": " + std::strerror(saved));
        }
        written += static_cast<std::size_t>(n);
    }
    // Read-only for everyone: containers get it through a read-only bind anyway.
    const bool ok = ::fchmod(fd, 0444) == 0 && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const int cause = ok ? errno : saved;
        ::unlink(temporary.c_str());
        throw WriteError(noun, key, "write " + path.string() + ": " + std::strerror(cause));
    }
}

// The bytes an inline definition stands for; nullopt for file-backed and external ones.
std::optional<std::string> InlineContent(const model::Project& project,
                                         const Value& definition,
                                         std::string_view noun,
                                         const std::string& key) {
    if (const Value* content = definition.Find("content"); content != nullptr && content->IsScalar()) {
        return content->ScalarText();
    }
    const Value* variable = definition.Find("environment");
    if (variable == nullptr || !variable->IsString()) {
        return std::nullopt;
    }
    const auto value = project.environment.find(variable->AsString());
    if (value == project.environment.end()) {
        throw WriteError(noun,
                         key,
                         "environment variable " + variable->AsString() + " is not set; set it, or give the " +
                             std::string(noun) + " a file");
    }
    return value->second;
}

void EnsureDirectory(const fs::path& directory) {
    std::error_code error;
    if (fs::is_directory(directory, error)) {
        return;
    }
    fs::create_directories(directory.parent_path(), error);
    if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
        throw std::runtime_error("create directory " + directory.string() +
                                 " for secrets and configs: " + std::strerror(errno));
    }
}

}  // namespace

void MaterializeInlineFiles(model::Project& project, const std::string& directory) {
    bool directory_ready = false;
    for (const InlineKind& kind : {InlineKind{"secrets", "secret"}, InlineKind{"configs", "config"}}) {
        Value* section = project.config.Find(kind.section);
        if (section == nullptr || !section->IsMap()) {
            continue;
        }
        for (auto& [key, definition] : section->AsMap()) {
            const std::optional<std::string> content = InlineContent(project, definition, kind.noun, key);
            if (!content) {
                continue;
            }
            if (!directory_ready) {
                EnsureDirectory(directory);
                directory_ready = true;
            }
            const fs::path path = fs::path(directory) / (std::string(kind.noun) + "_" + key);
            WriteAtomically(path, *content, kind.noun, key);
            definition.Erase("content");
            definition.Erase("environment");
            definition["file"] = Value(path.string());
        }
    }
}

}  // namespace compose::reconcile
