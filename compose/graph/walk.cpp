#include "compose/graph/walk.hpp"

#include <algorithm>
#include <stdexcept>

namespace compose::graph {

GraphWalk::GraphWalk(std::vector<Node> nodes)
    : nodes_(std::move(nodes)), pending_(nodes_.size(), 0), states_(nodes_.size(), State::kWaiting) {
    for (const Node& node : nodes_) {
        for (std::size_t next : node.unblocks) {
            ++pending_.at(next);
        }
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (pending_[i] == 0) {
            states_[i] = State::kReady;
            ready_.insert(i);
        }
    }
}

std::vector<std::string> GraphWalk::Ready() {
    std::vector<std::string> names;
    names.reserve(ready_.size());
    for (std::size_t i : ready_) {
        states_[i] = State::kRunning;
        names.push_back(nodes_[i].name);
    }
    ready_.clear();
    return names;
}

void GraphWalk::Done(std::string_view service) {
    const std::size_t index = IndexOf(service);
    if (states_[index] != State::kRunning) {
        // An executor reporting a service twice, or one it never got, has lost track of its
        // work; carrying on would start dependents too early.
        throw std::logic_error(
            "graph walk: service \"" + std::string(service) +
            (states_[index] == State::kDone ? "\" was already reported done" : "\" was not handed out by Ready()"));
    }
    states_[index] = State::kDone;
    ++done_count_;
    for (std::size_t next : nodes_[index].unblocks) {
        if (--pending_[next] == 0) {
            states_[next] = State::kReady;
            ready_.insert(next);
        }
    }
}

std::size_t GraphWalk::IndexOf(std::string_view service) const {
    const auto it =
        std::lower_bound(nodes_.begin(), nodes_.end(), service, [](const Node& node, std::string_view name) {
            return node.name < name;
        });
    if (it == nodes_.end() || it->name != service) {
        throw std::logic_error("graph walk: service \"" + std::string(service) + "\" is not part of this walk");
    }
    return static_cast<std::size_t>(it - nodes_.begin());
}

}  // namespace compose::graph
