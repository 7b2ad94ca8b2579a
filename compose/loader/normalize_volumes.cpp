// volumes and tmpfs: the short "SRC:DST[:OPTS]" mount syntax read as compose-go's
// format.ParseVolume reads it (without Windows drive letters), and host paths made absolute.

#include <algorithm>
#include <array>

#include "compose/loader/normalize_internal.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader::normalize_internal {
namespace {

constexpr std::array<std::string_view, 6> kPropagations = {
    "shared", "rshared", "slave", "rslave", "private", "rprivate"};

bool IsHostPath(std::string_view source) {
    return !source.empty() && (source.front() == '.' || source.front() == '/' || source.front() == '~');
}

// Lexical cleaning of a container path, so "/data/" and "/data" are one target.
std::string CleanTarget(const std::string& target) {
    if (target.empty() || target.front() != '/') {
        return target;
    }
    return AbsolutePath("/", target);
}

struct MountError {
    std::string reason;
};

std::vector<std::string> SplitOn(std::string_view text, char separator) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const std::size_t end = text.find(separator, start);
        parts.emplace_back(text.substr(start, end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

void ApplyMountOption(Value& mount, const std::string& option, const Value& origin) {
    if (option == "ro") {
        mount["read_only"] = Derived(Value(true), origin);
    } else if (option == "rw") {
        mount.Erase("read_only");
    } else if (option == "nocopy") {
        mount["volume"]["nocopy"] = Derived(Value(true), origin);
    } else if (option == "z" || option == "Z") {
        mount["bind"]["selinux"] = Derived(Value(option), origin);
    } else if (std::find(kPropagations.begin(), kPropagations.end(), option) != kPropagations.end()) {
        mount["bind"]["propagation"] = Derived(Value(option), origin);
    } else {
        throw MountError{"unknown option " + Quoted(option) +
                         "; valid options are ro, rw, z, Z, nocopy, shared, rshared, slave, rslave, private, rprivate"};
    }
}

Value ParseShortMount(const Value& origin, const std::string& path, const NormalizeContext& ctx) {
    const std::vector<std::string> parts = SplitOn(origin.AsString(), ':');
    for (const std::string& part : parts) {
        if (part.empty()) {
            throw MountError{"empty section between colons"};
        }
    }
    if (parts.size() > 3) {
        throw MountError{"too many colons; expected SOURCE:TARGET[:OPTIONS]"};
    }
    Value mount = Derived(Value::MakeMap(), origin);
    if (parts.size() == 1) {
        mount["type"] = Derived(Value("volume"), origin);
        mount["target"] = Derived(Value(CleanTarget(parts[0])), origin);
        return mount;
    }
    const bool bind = IsHostPath(parts[0]);
    mount["type"] = Derived(Value(bind ? "bind" : "volume"), origin);
    mount["source"] = Derived(Value(bind ? HostPath(origin, path, parts[0], ctx) : parts[0]), origin);
    mount["target"] = Derived(Value(CleanTarget(parts[1])), origin);
    if (bind) {
        // Docker Compose keeps the legacy behaviour for the short syntax: a missing host path is created.
        mount["bind"]["create_host_path"] = Derived(Value(true), origin);
    }
    if (parts.size() == 3) {
        for (const std::string& option : SplitOn(parts[2], ',')) {
            ApplyMountOption(mount, option, origin);
        }
    }
    for (const char* sub : {"bind", "volume"}) {
        if (Value* options = mount.Find(sub); options != nullptr) {
            options->mark = origin.mark;
            options->key_mark = origin.mark;
        }
    }
    return mount;
}

void CompleteLongMount(Value& mount, const std::string& path, const NormalizeContext& ctx) {
    const Value* type = mount.Find("type");
    Value* source = mount.Find("source");
    if (type != nullptr && type->IsString() && type->AsString() == "bind" && source != nullptr && source->IsString()) {
        Replace(*source, Value(HostPath(*source, path, source->AsString(), ctx)));
    }
    if (Value* target = mount.Find("target"); target != nullptr && target->IsString()) {
        Replace(*target, Value(CleanTarget(target->AsString())));
    }
    Value* size = mount.Find("tmpfs") == nullptr ? nullptr : mount.Find("tmpfs")->Find("size");
    if (size != nullptr && size->IsString()) {
        const std::optional<std::int64_t> bytes = ParseByteSize(size->AsString());
        if (!bytes) {
            Fail(*size, path + ": invalid tmpfs size " + Quoted(size->AsString()) + "; use bytes or a unit, like 64m");
        }
        Replace(*size, Value(*bytes));
    }
}

}  // namespace

std::string HostPath(const Value& at, const std::string& path, const std::string& text, const NormalizeContext& ctx) {
    if (text == "~" || text.starts_with("~/")) {
        const std::optional<std::string> home = LookupEnvironment(ctx, "HOME");
        if (!home || home->empty()) {
            Fail(at, path + ": can't expand " + Quoted(text) + " because HOME is not set; use an absolute path");
        }
        return AbsolutePath("/", *home + text.substr(1));
    }
    if (text.starts_with("~")) {
        Fail(at, path + ": " + Quoted(text) + ": only \"~\" (your own home) can be expanded; use an absolute path");
    }
    return AbsolutePath(ctx.working_dir, text);
}

void NormalizeVolumes(Value& service, const std::string& path, const NormalizeContext& ctx) {
    StringToList(service.Find("tmpfs"));
    Value* volumes = service.Find("volumes");
    if (volumes == nullptr || !volumes->IsSeq()) {
        return;
    }
    Value::Seq& entries = volumes->AsSeq();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        Value& entry = entries[i];
        const std::string entry_path = path + ".volumes[" + std::to_string(i) + "]";
        if (entry.IsMap()) {
            CompleteLongMount(entry, entry_path, ctx);
            continue;
        }
        if (!entry.IsString()) {
            continue;
        }
        try {
            entry = ParseShortMount(entry, entry_path, ctx);
        } catch (const MountError& error) {
            Fail(entry, entry_path + ": invalid volume " + Quoted(entry.AsString()) + ": " + error.reason);
        }
    }
}

}  // namespace compose::loader::normalize_internal
