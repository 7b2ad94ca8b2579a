#include "compose/loader/extends.hpp"

#include <filesystem>
#include <unordered_map>
#include <vector>

#include "compose/loader/load_error.hpp"
#include "compose/loader/merge.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader {
namespace {

using model::Value;

std::string DirOf(const std::string& file) {
    return file == "-" ? std::string() : std::filesystem::path(file).parent_path().string();
}

struct BaseRef final {
    std::string file;
    std::string service;
    model::Mark mark;
};

class ExtendsResolver final {
  public:
    /// A definition moved out of the project, with the marks its slot keeps.
    struct Taken final {
        std::string service;
        model::Mark mark;
        model::Mark key_mark;
    };

    ExtendsResolver(Value& project, std::string file_path, const FileTreeLoader& load_file)
        : project_(project), file_path_(std::move(file_path)), load_file_(load_file) {}

    // The fully resolved definition of `service` in `file`, paths relative to that file. The
    // reference stays valid for the resolver's lifetime (until Take).
    const Value& Resolve(const std::string& file, const std::string& service, const model::Mark& used_at) {
        std::string key = file + "\n" + service;
        if (auto it = done_.find(key); it != done_.end()) {
            return it->second;
        }
        CheckCycle(key, service, used_at);
        Value result = Definition(file, service, used_at);
        if (const Value* extends = result.Find("extends"); extends != nullptr) {
            chain_.push_back(key);
            const BaseRef base = BaseOf(*extends, file);
            Value merged = Resolve(base.file, base.service, base.mark);
            if (base.file != file) {
                ResolveServicePaths(merged, Dir(base.file));
            }
            result.Erase("extends");
            MergeService(merged, std::move(result));
            result = std::move(merged);
            chain_.pop_back();
        }
        return done_.emplace(std::move(key), std::move(result)).first->second;
    }

    /// The project's own services that Resolve moved out of it, to be put back (resolved) by
    /// Take once every Resolve is done.
    const std::vector<Taken>& taken() const { return taken_; }

    Value Take(const std::string& service) { return std::move(done_.at(file_path_ + "\n" + service)); }

  private:
    // A service's definition as written. The project's own are moved out rather than copied:
    // each is read once, here, since Resolve caches its result (or throws on a cycle first).
    Value Definition(const std::string& file, const std::string& service, const model::Mark& used_at) {
        const bool local = file == file_path_;
        const Value& tree = local ? project_ : load_file_(file);
        const Value* services = tree.Find("services");
        const Value* definition = services == nullptr ? nullptr : services->Find(service);
        if (definition == nullptr) {
            throw LoadError(used_at, "cannot extend service \"" + service + "\": no such service in " + file);
        }
        if (!local) {
            return *definition;
        }
        taken_.push_back({service, definition->mark, definition->key_mark});
        return std::move(*project_.Find("services")->Find(service));
    }

    BaseRef BaseOf(const Value& extends, const std::string& file) {
        if (extends.IsString()) {
            return {file, extends.AsString(), extends.mark};
        }
        const Value* service = extends.Find("service");
        const Value* other = extends.Find("file");
        if (service == nullptr || !service->IsString()) {
            throw LoadError(extends.mark, "extends needs a `service:` naming the service to extend");
        }
        if (other == nullptr || !other->IsString()) {
            return {file, service->AsString(), service->mark};
        }
        // Many services extend a few files: resolve each (file, path) pair once.
        std::string path_key = file + "\n" + other->AsString();
        auto it = absolute_paths_.find(path_key);
        if (it == absolute_paths_.end()) {
            it = absolute_paths_.emplace(std::move(path_key), AbsolutePath(Dir(file), other->AsString())).first;
        }
        return {it->second, service->AsString(), other->mark};
    }

    const std::string& Dir(const std::string& file) {
        auto it = dirs_.find(file);
        return it != dirs_.end() ? it->second : dirs_.emplace(file, DirOf(file)).first->second;
    }

    void CheckCycle(const std::string& key, const std::string& service, const model::Mark& used_at) const {
        for (std::size_t i = 0; i < chain_.size(); ++i) {
            if (chain_[i] != key) {
                continue;
            }
            std::string path;
            for (std::size_t j = i; j < chain_.size(); ++j) {
                path += chain_[j].substr(chain_[j].find('\n') + 1) + " -> ";
            }
            throw LoadError(used_at, "extends cycle: " + path + service);
        }
    }

    Value& project_;
    std::string file_path_;
    const FileTreeLoader& load_file_;
    std::vector<std::string> chain_;
    std::unordered_map<std::string, Value> done_;  // node-based: references to values stay valid
    std::unordered_map<std::string, std::string> dirs_;
    std::unordered_map<std::string, std::string> absolute_paths_;
    std::vector<Taken> taken_;
};

}  // namespace

void ApplyExtends(Value& project, const std::string& file_path, const FileTreeLoader& load_file) {
    Value* services = project.Find("services");
    if (services == nullptr || !services->IsMap()) {
        return;
    }
    std::vector<std::pair<std::string, model::Mark>> extending;
    for (const auto& [name, service] : services->AsMap()) {
        if (service.Find("extends") != nullptr) {
            extending.emplace_back(name, service.key_mark);
        }
    }
    ExtendsResolver resolver(project, file_path, load_file);
    for (const auto& [name, used_at] : extending) {
        resolver.Resolve(file_path, name, used_at);
    }
    // Every definition is resolved before any is put back: later ones may extend earlier ones.
    for (const ExtendsResolver::Taken& taken : resolver.taken()) {
        Value service = resolver.Take(taken.service);
        service.mark = taken.mark;
        service.key_mark = taken.key_mark;
        *services->Find(taken.service) = std::move(service);
    }
}

}  // namespace compose::loader
