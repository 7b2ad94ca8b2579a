// environment, env_file and the other KEY=VALUE collections (labels, sysctls, build args).

#include <map>

#include "compose/loader/dotenv.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/normalize_internal.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader::normalize_internal {
namespace {

// A KEY=VALUE list entry split at the first '='; no value when there is no '='.
std::pair<std::string, std::optional<std::string>> SplitAssignment(const std::string& entry) {
    const std::size_t eq = entry.find('=');
    if (eq == std::string::npos) {
        return {entry, std::nullopt};
    }
    return {entry.substr(0, eq), entry.substr(eq + 1)};
}

// Shared by the two list-or-dict readers: `missing` gives the value of a key without one.
template <typename Missing>
void ListOrDictToMap(Value& field, const Missing& missing) {
    if (field.IsSeq()) {
        Value map = Derived(Value::MakeMap(), field);
        map.key_mark = field.key_mark;
        for (const Value& entry : field.AsSeq()) {
            auto [key, value] = SplitAssignment(ScalarString(entry));
            Value& slot = map[key];
            slot = Derived(value ? Value(*value) : missing(key), entry);
        }
        field = std::move(map);
        return;
    }
    if (!field.IsMap()) {
        return;
    }
    for (auto& [key, value] : field.AsMap()) {
        if (value.IsNull()) {
            Replace(value, missing(key));
        } else if (!value.IsString() && value.IsScalar()) {
            Replace(value, Value(ScalarString(value)));
        }
    }
}

// env_file `format: raw`: KEY=VALUE lines taken literally, no quotes, no interpolation.
EnvPairs ParseRawEnvFile(const std::string& text) {
    EnvPairs pairs;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        start = end + 1;
        const std::size_t eq = line.find('=');
        if (!line.empty() && line.front() != '#' && eq != std::string::npos) {
            pairs.emplace_back(line.substr(0, eq), line.substr(eq + 1));
        }
    }
    return pairs;
}

// One env_file entry in long form: {path: <absolute>, required: <bool>, format?}.
void CompleteEnvFileEntry(Value& entry, const std::string& entry_path, const NormalizeContext& ctx) {
    if (entry.IsString()) {
        Value long_form = Derived(Value::MakeMap(), entry);
        long_form["path"] = Derived(Value(entry.AsString()), entry);
        entry = std::move(long_form);
    }
    if (!entry.IsMap()) {
        return;
    }
    if (Value* file = entry.Find("path"); file != nullptr && file->IsString()) {
        Replace(*file, Value(HostPath(*file, entry_path, file->AsString(), ctx)));
    }
    if (entry.Find("required") == nullptr) {
        entry["required"] = Derived(Value(true), entry);
    }
}

// The variables of one env_file entry; empty when an optional file is missing.
EnvPairs ReadEnvFile(const Value& entry, const std::string& entry_path, const NormalizeContext& ctx) {
    const Value* file = entry.Find("path");
    const Value* required = entry.Find("required");
    const Value* format = entry.Find("format");
    if (file == nullptr || !file->IsString()) {
        return {};
    }
    std::string text;
    try {
        text = ctx.read_file(file->AsString());
    } catch (const LoadError& error) {
        if (required != nullptr && required->IsBool() && !required->AsBool()) {
            return {};
        }
        if (error.mark().Known()) {
            throw;
        }
        Fail(entry, entry_path + ": " + error.message());
    }
    if (format != nullptr && format->IsString() && format->AsString() == "raw") {
        return ParseRawEnvFile(text);
    }
    if (format != nullptr && !format->IsNull()) {
        Fail(*format,
             entry_path + ": unsupported env_file format " + Quoted(ScalarString(*format)) +
                 "; leave it out for the .env syntax, or use \"raw\"");
    }
    const Lookup lookup = [&ctx](std::string_view name) { return LookupEnvironment(ctx, name); };
    return ParseDotenv(text, file->AsString(), lookup);
}

}  // namespace

void StringToList(Value* field) {
    if (field != nullptr && field->IsString()) {
        Replace(*field, Value(Value::Seq{*field}));
    }
}

void ListOrDictToStrings(Value& field) {
    ListOrDictToMap(field, [](const std::string&) { return Value(""); });
}

void ListOrDictToEnvironment(Value& field, const NormalizeContext& ctx) {
    ListOrDictToMap(field, [&ctx](const std::string& key) {
        const std::optional<std::string> value = LookupEnvironment(ctx, key);
        return value ? Value(*value) : Value();
    });
}

void NormalizeEnvironment(Value& service, const std::string& path, const NormalizeContext& ctx) {
    if (Value* environment = service.Find("environment"); environment != nullptr) {
        ListOrDictToEnvironment(*environment, ctx);
    }
    Value* env_files = service.Find("env_file");
    StringToList(env_files);
    if (env_files == nullptr || !env_files->IsSeq()) {
        return;
    }
    // Later files win over earlier ones; explicit `environment` entries win over all files.
    std::map<std::string, std::pair<std::string, const Value*>> from_files;
    Value::Seq& entries = env_files->AsSeq();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string entry_path = path + ".env_file[" + std::to_string(i) + "]";
        CompleteEnvFileEntry(entries[i], entry_path, ctx);
        for (auto& [key, value] : ReadEnvFile(entries[i], entry_path, ctx)) {
            from_files[key] = {std::move(value), &entries[i]};
        }
    }
    if (from_files.empty()) {
        return;
    }
    Value& environment = service["environment"];
    for (auto& [key, value] : from_files) {
        if (environment.Find(key) == nullptr) {
            environment[key] = Derived(Value(std::move(value.first)), *value.second);
        }
    }
}

}  // namespace compose::loader::normalize_internal
