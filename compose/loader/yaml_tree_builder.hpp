#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/eventhandler.h>

#include "compose/loader/yaml_reader.hpp"
#include "compose/loader/yaml_source.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// "nesting deeper than N levels", shared by the pre-scan and the tree builder.
std::string NestingTooDeepMessage(const YamlLimits& limits);
/// The message for a file with more than limits.max_nodes nodes without counting aliases.
std::string TooManyNodesMessage(const YamlLimits& limits);

/// Builds one document's Value tree from yaml-cpp's parse events, applying the rules of a
/// compose file: aliases are deep copies, `<<` merge keys are resolved, duplicate and
/// non-string keys are rejected, scalars are typed by the core schema, only the !reset and
/// !override tags are kept, and depth and node counts stay within `limits`. Every violation
/// is thrown as a LoadError from inside the event that found it.
class YamlTreeBuilder final : public YAML::EventHandler {
  public:
    YamlTreeBuilder(SourceMarks& marks, const YamlLimits& limits);

    /// The document's root; a null Value when the text held no document.
    model::Value TakeRoot() { return std::move(root_); }

    void OnDocumentStart(const YAML::Mark& mark) override;
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
    void OnScalar(const YAML::Mark& mark,
                  const std::string& tag,
                  YAML::anchor_t anchor,
                  const std::string& value) override;
    void OnSequenceStart(const YAML::Mark& mark,
                         const std::string& tag,
                         YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override;
    void OnSequenceEnd() override;
    void OnMapStart(const YAML::Mark& mark,
                    const std::string& tag,
                    YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override;
    void OnMapEnd() override;

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
        YAML::anchor_t anchor = YAML::NullAnchor;
        std::size_t tree_nodes_before = 0;
        std::optional<PendingKey> key;
        std::vector<model::Value> merges;
    };
    struct Anchored {
        model::Value value;
        std::size_t nodes = 0;
        bool complete = false;
    };

    bool AtKeyPosition() const;
    void StartCollection(model::Value value, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor);
    void EndCollection();
    void Attach(model::Value value, YAML::anchor_t anchor, std::size_t nodes);
    void AcceptKey(std::string text, const model::Mark& mark, bool is_merge);
    void AddMergeSource(Frame& frame, model::Value source);
    void ApplyMerges(Frame& frame);
    const Anchored& FindAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) const;
    model::Value MakeScalar(const YAML::Mark& mark, const std::string& tag, const std::string& text);
    void CountTreeNodes(std::size_t count, const model::Mark& mark, bool through_alias);
    void CountAnchorNodes(std::size_t count, const model::Mark& mark);
    [[noreturn]] void ThrowTooManyNodes(const model::Mark& mark, bool through_alias) const;

    SourceMarks& marks_;
    const YamlLimits& limits_;
    std::vector<Frame> stack_;
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    // Nodes in the tree (alias copies included) and in the anchor table's copies; their sum
    // is what max_nodes bounds, so memory stays proportional to the limit whatever the input.
    std::size_t tree_nodes_ = 0;
    std::size_t anchor_nodes_ = 0;
    int documents_ = 0;
    model::Value root_;
};

}  // namespace compose::loader
