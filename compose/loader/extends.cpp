#include "compose/loader/extends.hpp"

#include <filesystem>
#include <map>
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
    ExtendsResolver(const Value& project, std::string file_path, const FileTreeLoader& load_file)
        : project_(project), file_path_(std::move(file_path)), load_file_(load_file) {}

    // The fully resolved definition of `service` in `file`, paths relative to that file.
    Value Resolve(const std::string& file, const std::string& service, const model::Mark& used_at) {
        const std::string key = file + "\n" + service;
        if (auto it = done_.find(key); it != done_.end()) {
            return it->second;
        }
        CheckCycle(file, service, used_at);
        const Value& tree = file == file_path_ ? project_ : load_file_(file);
        const Value* services = tree.Find("services");
        const Value* definition = services == nullptr ? nullptr : services->Find(service);
        if (definition == nullptr) {
            throw LoadError(used_at, "cannot extend service \"" + service + "\": no such service in " + file);
        }
        Value result = *definition;
        if (const Value* extends = definition->Find("extends"); extends != nullptr) {
            chain_.push_back(key);
            const BaseRef base = BaseOf(*extends, file);
            Value merged = Resolve(base.file, base.service, base.mark);
            if (base.file != file) {
                ResolveServicePaths(merged, DirOf(base.file));
            }
            result.Erase("extends");
            MergeService(merged, result);
            result = std::move(merged);
            chain_.pop_back();
        }
        done_.emplace(key, result);
        return result;
    }

  private:
    static BaseRef BaseOf(const Value& extends, const std::string& file) {
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
        return {AbsolutePath(DirOf(file), other->AsString()), service->AsString(), other->mark};
    }

    void CheckCycle(const std::string& file, const std::string& service, const model::Mark& used_at) const {
        const std::string key = file + "\n" + service;
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

    const Value& project_;
    std::string file_path_;
    const FileTreeLoader& load_file_;
    std::vector<std::string> chain_;
    std::map<std::string, Value> done_;
};

}  // namespace

void ApplyExtends(Value& project, const std::string& file_path, const FileTreeLoader& load_file) {
    Value* services = project.Find("services");
    if (services == nullptr || !services->IsMap()) {
        return;
    }
    ExtendsResolver resolver(project, file_path, load_file);
    std::map<std::string, Value> resolved;
    for (const auto& [name, service] : services->AsMap()) {
        if (service.Find("extends") != nullptr) {
            resolved.emplace(name, resolver.Resolve(file_path, name, service.key_mark));
        }
    }
    for (auto& [name, service] : resolved) {
        Value& slot = (*services)[name];
        service.mark = slot.mark;
        service.key_mark = slot.key_mark;
        slot = std::move(service);
    }
}

}  // namespace compose::loader
