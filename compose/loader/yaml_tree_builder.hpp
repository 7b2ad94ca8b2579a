#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <yaml.h>

#include "compose/loader/yaml_reader.hpp"
#include "compose/loader/yaml_source.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// "nesting deeper than N levels", shared by the pre-scan and the tree builder.
std::string NestingTooDeepMessage(const YamlLimits& limits);
/// The message for a file with more than limits.max_nodes nodes without counting aliases.
std::string TooManyNodesMessage(const YamlLimits& limits);
/// The message for a second YAML document, marked where it starts.
std::string SecondDocumentMessage();

/// Builds one document's Value tree from libyaml's parse events, applying the rules of a
/// compose file: aliases are deep copies, `<<` merge keys are resolved, duplicate and
/// non-string keys are rejected, scalars are typed by the core schema, only the !reset and
/// !override tags are kept, a second document is refused, and depth and node counts stay
/// within `limits`. Every violation is thrown as a LoadError from the event that found it.
class YamlTreeBuilder final {
  public:
    YamlTreeBuilder(SourceMarks& marks, const YamlLimits& limits);

    /// Takes one event of the stream, in order (the stream start and end events are ignored).
    void OnEvent(const yaml_event_t& event);

    /// The document's root; a null Value when the text held no document.
    model::Value TakeRoot() { return std::move(root_); }

  private:
    struct PendingKey {
        std::string text;
        model::Mark mark;
        bool is_merge = false;
    };
    // An open sequence or mapping; maps also hold the key awaiting its value and the `<<`
    // sources, which are merged in only when the mapping closes so explicit keys win.
    struct Frame {
        model::Value value;
        std::string anchor;  // "" for none
        std::size_t tree_nodes_before = 0;
        std::optional<PendingKey> key;
        std::vector<model::Value> merges;
    };
    struct Anchored {
        model::Value value;
        std::size_t nodes = 0;
        bool complete = false;
    };

    void OnDocumentStart(const yaml_mark_t& mark);
    void OnAlias(const yaml_mark_t& mark, std::string_view anchor);
    void OnScalar(const yaml_event_t& event);
    bool AtKeyPosition() const;
    void StartCollection(model::Value value, const yaml_mark_t& mark, std::string_view tag, std::string_view anchor);
    void EndCollection();
    void Attach(model::Value value, std::string_view anchor, std::size_t nodes);
    void AcceptKey(std::string text, const model::Mark& mark, bool is_merge);
    void AddMergeSource(Frame& frame, model::Value source);
    void ApplyMerges(Frame& frame);
    const Anchored& FindAnchor(const model::Mark& mark, std::string_view anchor) const;
    model::Value MakeScalar(const model::Mark& mark, std::string_view tag, bool plain, std::string_view text) const;
    void CountTreeNodes(std::size_t count, const model::Mark& mark, bool through_alias);
    void CountAnchorNodes(std::size_t count, const model::Mark& mark);
    [[noreturn]] void ThrowTooManyNodes(const model::Mark& mark, bool through_alias) const;

    SourceMarks& marks_;
    const YamlLimits& limits_;
    std::vector<Frame> stack_;
    std::unordered_map<std::string, Anchored> anchors_;
    // Nodes in the tree (alias copies included) and in the anchor table's copies; their sum
    // is what max_nodes bounds, so memory stays proportional to the limit whatever the input.
    std::size_t tree_nodes_ = 0;
    std::size_t anchor_nodes_ = 0;
    int documents_ = 0;
    model::Value root_;
};

}  // namespace compose::loader
