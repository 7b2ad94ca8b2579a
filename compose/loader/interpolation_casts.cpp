#include "compose/loader/interpolation_casts.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "compose/loader/load_error.hpp"

namespace compose::loader {
namespace {

enum class Cast { kInt, kFloat, kBool };

struct TypedPath final {
    std::string_view pattern;  // Dot-separated; "*" matches any map key or sequence index.
    Cast cast;
};

// compose-go v2 loader/interpolate.go, plus mem_swappiness (integer in the schema). cpu_percent
// is an integer in the schema, so it becomes one here (compose-go makes it a float).
constexpr std::array kTypedPaths = {
    TypedPath{"services.*.cpu_count", Cast::kInt},
    TypedPath{"services.*.cpu_percent", Cast::kInt},
    TypedPath{"services.*.cpu_period", Cast::kInt},
    TypedPath{"services.*.cpu_quota", Cast::kInt},
    TypedPath{"services.*.cpu_rt_period", Cast::kInt},
    TypedPath{"services.*.cpu_rt_runtime", Cast::kInt},
    TypedPath{"services.*.cpu_shares", Cast::kInt},
    TypedPath{"services.*.cpus", Cast::kFloat},
    TypedPath{"services.*.init", Cast::kBool},
    TypedPath{"services.*.mem_swappiness", Cast::kInt},
    TypedPath{"services.*.oom_kill_disable", Cast::kBool},
    TypedPath{"services.*.oom_score_adj", Cast::kInt},
    TypedPath{"services.*.pids_limit", Cast::kInt},
    TypedPath{"services.*.privileged", Cast::kBool},
    TypedPath{"services.*.read_only", Cast::kBool},
    TypedPath{"services.*.scale", Cast::kInt},
    TypedPath{"services.*.stdin_open", Cast::kBool},
    TypedPath{"services.*.tty", Cast::kBool},
    TypedPath{"services.*.healthcheck.retries", Cast::kInt},
    TypedPath{"services.*.healthcheck.disable", Cast::kBool},
    TypedPath{"services.*.deploy.replicas", Cast::kInt},
    TypedPath{"services.*.deploy.update_config.parallelism", Cast::kInt},
    TypedPath{"services.*.deploy.update_config.max_failure_ratio", Cast::kFloat},
    TypedPath{"services.*.deploy.rollback_config.parallelism", Cast::kInt},
    TypedPath{"services.*.deploy.rollback_config.max_failure_ratio", Cast::kFloat},
    TypedPath{"services.*.deploy.restart_policy.max_attempts", Cast::kInt},
    TypedPath{"services.*.deploy.placement.max_replicas_per_node", Cast::kInt},
    // ports.*.published stays a string: the schema allows both, and it may be a range.
    TypedPath{"services.*.ports.*.target", Cast::kInt},
    TypedPath{"services.*.secrets.*.mode", Cast::kInt},
    TypedPath{"services.*.configs.*.mode", Cast::kInt},
    TypedPath{"services.*.ulimits.*", Cast::kInt},
    TypedPath{"services.*.ulimits.*.hard", Cast::kInt},
    TypedPath{"services.*.ulimits.*.soft", Cast::kInt},
    TypedPath{"services.*.volumes.*.read_only", Cast::kBool},
    TypedPath{"services.*.volumes.*.volume.nocopy", Cast::kBool},
    TypedPath{"networks.*.external", Cast::kBool},
    TypedPath{"networks.*.internal", Cast::kBool},
    TypedPath{"networks.*.attachable", Cast::kBool},
    TypedPath{"networks.*.enable_ipv6", Cast::kBool},
    TypedPath{"volumes.*.external", Cast::kBool},
    TypedPath{"secrets.*.external", Cast::kBool},
    TypedPath{"configs.*.external", Cast::kBool},
};

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// Go's strconv.Atoi/ParseFloat accept a leading '+'; from_chars does not.
std::string_view WithoutPlus(std::string_view text) {
    return text.size() > 1 && text[0] == '+' && text[1] != '-' ? text.substr(1) : text;
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
    text = WithoutPlus(text);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> ParseFloat(std::string_view text) {
    text = WithoutPlus(text);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

class Caster final {
  public:
    explicit Caster(Warnings& warnings) : warnings_(warnings) {}

    // Follows `pattern` (the segments still to match) down from `node`.
    void Apply(model::Value& node, std::string_view pattern, Cast cast, std::string& path) {
        if (pattern.empty()) {
            if (node.IsString()) {
                Convert(node, cast, path);
            }
            return;
        }
        const std::size_t dot = pattern.find('.');
        const std::string_view segment = pattern.substr(0, dot);
        const std::string_view rest = dot == std::string_view::npos ? std::string_view() : pattern.substr(dot + 1);
        const std::size_t length = path.size();
        if (node.IsMap()) {
            for (auto& [key, child] : node.AsMap()) {
                if (segment == "*" || segment == key) {
                    path += path.empty() ? key : "." + key;
                    Apply(child, rest, cast, path);
                    path.resize(length);
                }
            }
        } else if (node.IsSeq() && segment == "*") {
            model::Value::Seq& items = node.AsSeq();
            for (std::size_t i = 0; i < items.size(); ++i) {
                path += "[" + std::to_string(i) + "]";
                Apply(items[i], rest, cast, path);
                path.resize(length);
            }
        }
    }

  private:
    void Convert(model::Value& node, Cast cast, const std::string& path) {
        const std::string& text = node.AsString();
        model::Value converted;
        switch (cast) {
            case Cast::kInt:
                converted = ToInt(node, path);
                break;
            case Cast::kFloat: {
                const std::optional<double> number = ParseFloat(text);
                if (!number) {
                    Fail(node, path, "is not a number");
                }
                converted = model::Value(*number);
                break;
            }
            case Cast::kBool:
                converted = ToBool(node, path);
                break;
        }
        // Assign the content only: the node keeps its mark, key mark and tag.
        converted.mark = node.mark;
        converted.key_mark = node.key_mark;
        converted.tag = node.tag;
        node = std::move(converted);
    }

    model::Value ToInt(const model::Value& node, const std::string& path) {
        const std::optional<std::int64_t> number = ParseInt(node.AsString());
        if (!number) {
            Fail(node, path, "is not an integer");
        }
        return model::Value(*number);
    }

    model::Value ToBool(const model::Value& node, const std::string& path) {
        const std::string lower = Lower(node.AsString());
        if (lower == "true" || lower == "false") {
            return model::Value(lower == "true");
        }
        const bool yes = lower == "y" || lower == "yes" || lower == "on";
        if (!yes && lower != "n" && lower != "no" && lower != "off") {
            Fail(node, path, "is not a boolean");
        }
        warnings_.Add(path + ": \"" + node.AsString() + "\" for a boolean is not supported by YAML 1.2, use " +
                      (yes ? "true" : "false"));
        return model::Value(yes);
    }

    [[noreturn]] static void Fail(const model::Value& node, const std::string& path, std::string_view what) {
        throw LoadError(node.mark, path + ": \"" + node.AsString() + "\" " + std::string(what));
    }

    Warnings& warnings_;
};

}  // namespace

void CastTypedPaths(model::Value& root, Warnings& warnings) {
    Caster caster(warnings);
    std::string path;
    for (const TypedPath& typed : kTypedPaths) {
        caster.Apply(root, typed.pattern, typed.cast, path);
    }
}

}  // namespace compose::loader
