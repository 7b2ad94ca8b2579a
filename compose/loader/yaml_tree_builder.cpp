#include "compose/loader/yaml_tree_builder.hpp"

#include <algorithm>
#include <utility>

#include "compose/loader/load_error.hpp"
#include "compose/loader/yaml_scalar.hpp"
#include "compose/loader/yaml_source.hpp"

namespace compose::loader {
namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";
constexpr std::string_view kReset = "!reset";
constexpr std::string_view kOverride = "!override";

// libyaml spells `!!str` by its full name; messages use the short form the user wrote.
std::string DisplayTag(std::string_view tag) {
    if (tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix) {
        return "!!" + std::string(tag.substr(kCoreTagPrefix.size()));
    }
    return std::string(tag);
}

std::string CoreTagName(std::string_view tag) {
    if (tag.substr(0, kCoreTagPrefix.size()) != kCoreTagPrefix) {
        return {};
    }
    return std::string(tag.substr(kCoreTagPrefix.size()));
}

// libyaml leaves an absent tag or anchor NULL.
std::string_view AsView(const yaml_char_t* text) {
    return text == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(text));
}

[[noreturn]] void ThrowUnsupportedTag(const model::Mark& mark, std::string_view tag) {
    throw LoadError(mark, "unsupported tag \"" + DisplayTag(tag) + "\"; only !reset and !override are known");
}

std::string KindWithArticle(const model::Value& value) {
    switch (value.kind()) {
        case model::Value::Kind::kNull:
            return "null";
        case model::Value::Kind::kBool:
            return "a boolean";
        case model::Value::Kind::kInt:
            return "an integer";
        case model::Value::Kind::kFloat:
            return "a number";
        case model::Value::Kind::kString:
            return "a string";
        case model::Value::Kind::kSeq:
            return "a list";
        case model::Value::Kind::kMap:
            return "a mapping";
    }
    return {};
}

}  // namespace

std::string NestingTooDeepMessage(const YamlLimits& limits) {
    return "nesting deeper than " + std::to_string(limits.max_depth) + " levels";
}

std::string TooManyNodesMessage(const YamlLimits& limits) {
    return "file has more than " + std::to_string(limits.max_nodes) +
           " nodes, the limit for a compose file; split it into several files";
}

std::string SecondDocumentMessage() {
    return "a compose file must hold exactly one YAML document; a second one starts here (remove the `---` "
           "separator or split the file)";
}

YamlTreeBuilder::YamlTreeBuilder(SourceMarks& marks, const YamlLimits& limits) : marks_(marks), limits_(limits) {}

void YamlTreeBuilder::OnEvent(const yaml_event_t& event) {
    switch (event.type) {
        case YAML_DOCUMENT_START_EVENT:
            OnDocumentStart(event.start_mark);
            break;
        case YAML_ALIAS_EVENT:
            OnAlias(event.start_mark, AsView(event.data.alias.anchor));
            break;
        case YAML_SCALAR_EVENT:
            OnScalar(event);
            break;
        case YAML_SEQUENCE_START_EVENT:
            StartCollection(model::Value::MakeSeq(),
                            event.start_mark,
                            AsView(event.data.sequence_start.tag),
                            AsView(event.data.sequence_start.anchor));
            break;
        case YAML_MAPPING_START_EVENT:
            StartCollection(model::Value::MakeMap(),
                            event.start_mark,
                            AsView(event.data.mapping_start.tag),
                            AsView(event.data.mapping_start.anchor));
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            EndCollection();
            break;
        default:
            break;
    }
}

void YamlTreeBuilder::OnDocumentStart(const yaml_mark_t& mark) {
    if (++documents_ > 1) {
        throw LoadError(marks_.AtIndex(mark.index), SecondDocumentMessage());
    }
}

void YamlTreeBuilder::OnAlias(const yaml_mark_t& mark, std::string_view anchor) {
    model::Mark here = marks_.AtIndex(mark.index);
    const Anchored& anchored = FindAnchor(here, anchor);
    if (AtKeyPosition()) {
        if (!anchored.value.IsScalar()) {
            throw LoadError(here, "mapping keys must be strings");
        }
        if (anchored.value.IsNull()) {
            throw LoadError(here, "mapping key is null or empty; quote it if you mean the word");
        }
        CountTreeNodes(1, here, true);
        AcceptKey(anchored.value.ScalarText(), here, false);
        return;
    }
    // Checked before copying, so an alias bomb fails without building what it expands to.
    CountTreeNodes(anchored.nodes, here, true);
    model::Value copy = anchored.value;
    copy.mark = here;
    Attach(std::move(copy), {}, anchored.nodes);
}

void YamlTreeBuilder::OnScalar(const yaml_event_t& event) {
    const auto& scalar = event.data.scalar;
    std::string_view text(reinterpret_cast<const char*>(scalar.value), scalar.length);
    std::string_view tag = AsView(scalar.tag);
    std::string_view anchor = AsView(scalar.anchor);
    bool plain = scalar.style == YAML_PLAIN_SCALAR_STYLE;
    model::Mark here = marks_.AtIndex(event.start_mark.index);
    if (AtKeyPosition()) {
        model::Value key = MakeScalar(here, tag, plain, text);
        if (key.IsNull()) {
            throw LoadError(here, "mapping key is null or empty; quote it if you mean the word");
        }
        CountTreeNodes(1, here, false);
        if (!anchor.empty()) {
            CountAnchorNodes(1, here);
            anchors_[std::string(anchor)] = Anchored{model::Value(std::string(text)), 1, true};
        }
        AcceptKey(std::string(text), here, plain && tag.empty() && text == "<<");
        return;
    }
    // A value left out (`key:` then a newline) comes as an empty plain scalar just after the
    // `:`; the key's own place is where a user looks for it. A written `~`, tag or anchor
    // keeps its own place.
    const Frame* top = stack_.empty() ? nullptr : &stack_.back();
    if (plain && text.empty() && tag.empty() && anchor.empty() && top != nullptr && top->key.has_value()) {
        here = top->key->mark;
    }
    model::Value value = MakeScalar(here, tag, plain, text);
    CountTreeNodes(1, here, false);
    Attach(std::move(value), anchor, 1);
}

bool YamlTreeBuilder::AtKeyPosition() const {
    return !stack_.empty() && stack_.back().value.IsMap() && !stack_.back().key.has_value();
}

void YamlTreeBuilder::StartCollection(model::Value value,
                                      const yaml_mark_t& mark,
                                      std::string_view tag,
                                      std::string_view anchor) {
    model::Mark here = marks_.AtIndex(mark.index);
    if (AtKeyPosition()) {
        throw LoadError(here, "mapping keys must be strings");
    }
    if (stack_.size() >= static_cast<std::size_t>(std::max(limits_.max_depth, 0))) {
        throw LoadError(here, NestingTooDeepMessage(limits_));
    }
    std::string core = CoreTagName(tag);
    bool is_seq = value.IsSeq();
    if (tag == kReset || tag == kOverride) {
        value.tag = tag;
    } else if (!core.empty() && core != (is_seq ? "seq" : "map")) {
        if (core == "str" || core == "int" || core == "float" || core == "bool" || core == "null" || core == "seq" ||
            core == "map") {
            throw LoadError(
                here, "tag \"" + DisplayTag(tag) + "\" cannot be applied to a " + (is_seq ? "sequence" : "mapping"));
        }
        ThrowUnsupportedTag(here, tag);
    } else if (core.empty() && !tag.empty() && tag != "!") {
        ThrowUnsupportedTag(here, tag);
    }
    CountTreeNodes(1, here, false);
    value.mark = here;
    if (!anchor.empty()) {
        anchors_[std::string(anchor)] = Anchored{};  // incomplete until the collection ends
    }
    stack_.push_back(Frame{std::move(value), std::string(anchor), tree_nodes_ - 1, std::nullopt, {}});
}

void YamlTreeBuilder::EndCollection() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.value.IsMap()) {
        ApplyMerges(frame);
    }
    Attach(std::move(frame.value), frame.anchor, tree_nodes_ - frame.tree_nodes_before);
}

void YamlTreeBuilder::Attach(model::Value value, std::string_view anchor, std::size_t nodes) {
    if (!anchor.empty()) {
        CountAnchorNodes(nodes, value.mark);
        anchors_[std::string(anchor)] = Anchored{value, nodes, true};
    }
    if (stack_.empty()) {
        root_ = std::move(value);
        return;
    }
    Frame& top = stack_.back();
    if (top.value.IsSeq()) {
        top.value.AsSeq().push_back(std::move(value));
        return;
    }
    PendingKey key = std::move(*top.key);
    top.key.reset();
    if (key.is_merge) {
        AddMergeSource(top, std::move(value));
        return;
    }
    value.key_mark = key.mark;
    top.value.AsMap().emplace(std::move(key.text), std::move(value));
}

void YamlTreeBuilder::AcceptKey(std::string text, const model::Mark& mark, bool is_merge) {
    Frame& top = stack_.back();
    if (!is_merge) {
        if (const model::Value* first = top.value.Find(text)) {
            throw LoadError(
                mark,
                "duplicate key \"" + text + "\" in mapping (first defined at " + first->key_mark.ToString() + ")");
        }
    }
    top.key = PendingKey{std::move(text), mark, is_merge};
}

void YamlTreeBuilder::AddMergeSource(Frame& frame, model::Value source) {
    auto reject = [](const model::Value& bad) {
        throw LoadError(bad.mark,
                        "merge key \"<<\" takes a mapping or a list of mappings (like "
                        "`<<: *base`), not " +
                            KindWithArticle(bad));
    };
    if (source.IsMap()) {
        frame.merges.push_back(std::move(source));
        return;
    }
    if (!source.IsSeq()) {
        reject(source);
    }
    for (model::Value& item : source.AsSeq()) {
        if (!item.IsMap()) {
            reject(item);
        }
        frame.merges.push_back(std::move(item));
    }
}

void YamlTreeBuilder::ApplyMerges(Frame& frame) {
    // try_emplace never overwrites: keys written in the mapping win, then earlier sources.
    auto& map = frame.value.AsMap();
    for (model::Value& source : frame.merges) {
        for (auto& [key, value] : source.AsMap()) {
            map.try_emplace(key, std::move(value));
        }
    }
    frame.merges.clear();
}

const YamlTreeBuilder::Anchored& YamlTreeBuilder::FindAnchor(const model::Mark& mark, std::string_view anchor) const {
    auto it = anchors_.find(std::string(anchor));
    if (it == anchors_.end()) {
        throw LoadError(mark, "unknown anchor \"" + std::string(anchor) + "\"");
    }
    if (!it->second.complete) {
        throw LoadError(mark,
                        "alias \"*" + std::string(anchor) +
                            "\" is used inside the node its anchor names; an "
                            "anchor cannot contain itself");
    }
    return it->second;
}

model::Value YamlTreeBuilder::MakeScalar(const model::Mark& mark,
                                         std::string_view tag,
                                         bool plain,
                                         std::string_view text) const {
    model::Value value;
    std::string core = CoreTagName(tag);
    auto convert_failed = [&]() -> model::Value {
        throw LoadError(mark, "\"" + std::string(text) + "\" is not a valid " + DisplayTag(tag));
    };
    if (tag.empty()) {
        // Only plain scalars are typed; quoted and block scalars are strings.
        value = plain ? ResolvePlainScalar(text) : model::Value(std::string(text));
    } else if (tag == "!" || core == "str") {
        value = model::Value(std::string(text));
    } else if (tag == kReset || tag == kOverride) {
        value = plain ? ResolvePlainScalar(text) : model::Value(std::string(text));
        value.tag = tag;
    } else if (core == "int") {
        auto parsed = ParseCoreInt(text);
        value = parsed ? model::Value(*parsed) : convert_failed();
    } else if (core == "float") {
        auto parsed = ParseCoreFloat(text);
        value = parsed ? model::Value(*parsed) : convert_failed();
    } else if (core == "bool") {
        auto parsed = ParseCoreBool(text);
        value = parsed ? model::Value(*parsed) : convert_failed();
    } else if (core == "null") {
        value = IsCoreNull(text) ? model::Value() : convert_failed();
    } else if (core == "seq" || core == "map") {
        throw LoadError(mark, "tag \"" + DisplayTag(tag) + "\" cannot be applied to a scalar");
    } else {
        ThrowUnsupportedTag(mark, tag);
    }
    value.mark = mark;
    return value;
}

void YamlTreeBuilder::CountTreeNodes(std::size_t count, const model::Mark& mark, bool through_alias) {
    if (count > limits_.max_nodes || tree_nodes_ + anchor_nodes_ > limits_.max_nodes - count) {
        ThrowTooManyNodes(mark, through_alias);
    }
    tree_nodes_ += count;
}

void YamlTreeBuilder::CountAnchorNodes(std::size_t count, const model::Mark& mark) {
    if (count > limits_.max_nodes || tree_nodes_ + anchor_nodes_ > limits_.max_nodes - count) {
        ThrowTooManyNodes(mark, true);
    }
    anchor_nodes_ += count;
}

void YamlTreeBuilder::ThrowTooManyNodes(const model::Mark& mark, bool through_alias) const {
    if (through_alias) {
        throw LoadError(mark,
                        "file expands to more than " + std::to_string(limits_.max_nodes) +
                            " nodes through aliases (an alias bomb?); use fewer aliases "
                            "of large anchored blocks");
    }
    throw LoadError(mark, TooManyNodesMessage(limits_));
}

}  // namespace compose::loader
