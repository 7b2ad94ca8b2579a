#include "compose/graph/service_graph.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <optional>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/topological_sort.hpp>

#include "compose/model/project.hpp"

namespace compose::graph {

namespace {

// Vertex i is the i-th service in name order; an edge u -> v means "u depends on v". Keeping
// vertices and out-edges in name order makes every traversal, and so every error, repeatable.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using Vertex = Graph::vertex_descriptor;
using GraphEdge = Graph::edge_descriptor;

// Dependency name -> whether any mention of it requires it.
using Needs = std::map<std::string, bool, std::less<>>;

constexpr std::string_view kServicePrefix = "service:";
constexpr std::string_view kContainerPrefix = "container:";

void AddNeed(Needs& needs, std::string_view name, bool required) {
    auto [it, inserted] = needs.try_emplace(std::string(name), required);
    // `required: false` in depends_on must not weaken an implicit edge (network_mode etc.)
    // that the container cannot be created without.
    it->second = it->second || required;
}

// "service:X" in network_mode, ipc, pid or uts shares X's namespace, so X must exist first.
void AddNamespaceNeed(Needs& needs, const model::Value& service, std::string_view key) {
    const model::Value* mode = service.Find(key);
    if (mode != nullptr && mode->IsString() && mode->AsString().starts_with(kServicePrefix)) {
        AddNeed(needs, std::string_view(mode->AsString()).substr(kServicePrefix.size()), true);
    }
}

// Entries "X", "X:mode" (volumes_from) or "X:alias" (links): the service is before the colon.
void AddListNeeds(Needs& needs, const model::Value& service, std::string_view key, bool skip_containers) {
    const model::Value* list = service.Find(key);
    if (list == nullptr || !list->IsSeq()) {
        return;
    }
    for (const model::Value& entry : list->AsSeq()) {
        if (!entry.IsString() || (skip_containers && entry.AsString().starts_with(kContainerPrefix))) {
            continue;
        }
        const std::string_view text = entry.AsString();
        AddNeed(needs, text.substr(0, text.find(':')), true);
    }
}

Needs CollectNeeds(const model::Value& service) {
    Needs needs;
    for (const model::Dependency& dependency : model::DependenciesOf(service)) {
        AddNeed(needs, dependency.service, dependency.required);
    }
    for (std::string_view key : {"network_mode", "ipc", "pid", "uts"}) {
        AddNamespaceNeed(needs, service, key);
    }
    AddListNeeds(needs, service, "volumes_from", /*skip_containers=*/true);
    AddListNeeds(needs, service, "links", /*skip_containers=*/false);
    return needs;
}

// Remembers the DFS tree and the first back edge; a back edge u -> v closes the cycle
// v -> ... -> u -> v along the tree path that is on the DFS stack right now.
class CycleRecorder final : public boost::default_dfs_visitor {
  public:
    CycleRecorder(std::vector<Vertex>& parent, std::vector<Vertex>& cycle) : parent_(parent), cycle_(cycle) {}

    void tree_edge(GraphEdge edge, const Graph& graph) {
        parent_[boost::target(edge, graph)] = boost::source(edge, graph);
    }

    void back_edge(GraphEdge edge, const Graph& graph) {
        if (!cycle_.empty()) {
            return;
        }
        const Vertex first = boost::target(edge, graph);
        for (Vertex v = boost::source(edge, graph); v != first; v = parent_[v]) {
            cycle_.push_back(v);
        }
        cycle_.push_back(first);
        std::reverse(cycle_.begin(), cycle_.end());
    }

  private:
    std::vector<Vertex>& parent_;
    std::vector<Vertex>& cycle_;
};

void ThrowIfCyclic(const Graph& graph, const std::vector<std::string>& names) {
    std::vector<Vertex> parent(names.size());
    std::vector<Vertex> cycle;
    boost::depth_first_search(graph, boost::visitor(CycleRecorder(parent, cycle)));
    if (cycle.empty()) {
        return;
    }
    // Vertex order is name order, so the smallest vertex is the smallest name.
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    std::string message = "dependency cycle between services: ";
    for (Vertex v : cycle) {
        message += names[v] + " -> ";
    }
    message += names[cycle.front()];
    throw GraphError(message);
}

// Services reachable from `roots` (roots included) as a sorted vertex list.
template <typename G>
std::vector<Vertex> Reachable(const G& graph, const std::vector<Vertex>& roots) {
    std::vector<boost::default_color_type> colors(boost::num_vertices(graph), boost::white_color);
    auto color_map = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph));
    for (Vertex root : roots) {
        if (colors[root] == boost::white_color) {
            boost::depth_first_visit(graph, root, boost::default_dfs_visitor(), color_map);
        }
    }
    std::vector<Vertex> reached;
    for (Vertex v = 0; v < colors.size(); ++v) {
        if (colors[v] != boost::white_color) {
            reached.push_back(v);
        }
    }
    return reached;
}

}  // namespace

struct ServiceGraph::Impl final {
    std::vector<std::string> names;  // sorted; index = vertex
    Graph graph;
    // Vertices with every dependency before its dependents (topological_sort emits the target
    // of an edge before its source, and our edges point at dependencies).
    std::vector<Vertex> topological_order;

    Vertex VertexOf(std::string_view service) const {
        const auto it = std::lower_bound(names.begin(), names.end(), service);
        if (it == names.end() || *it != service) {
            throw GraphError("no such service: \"" + std::string(service) + "\"");
        }
        return static_cast<Vertex>(it - names.begin());
    }

    std::vector<Vertex> VerticesOf(const std::vector<std::string>& services) const {
        std::vector<Vertex> vertices;
        vertices.reserve(services.size());
        for (const std::string& service : services) {
            vertices.push_back(VertexOf(service));
        }
        return vertices;
    }

    std::vector<std::string> NamesOf(std::vector<Vertex> vertices) const {
        std::sort(vertices.begin(), vertices.end());
        std::vector<std::string> result;
        result.reserve(vertices.size());
        for (Vertex v : vertices) {
            result.push_back(names[v]);
        }
        return result;
    }
};

ServiceGraph::ServiceGraph(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

ServiceGraph ServiceGraph::Build(const model::Project& project) {
    auto impl = std::make_shared<Impl>();
    impl->names = project.ServiceNames();
    impl->graph = Graph(impl->names.size());
    for (Vertex v = 0; v < impl->names.size(); ++v) {
        const model::Value* service = project.Service(impl->names[v]);
        for (const auto& [dependency, required] : CollectNeeds(*service)) {
            if (!std::binary_search(impl->names.begin(), impl->names.end(), dependency)) {
                if (!required) {
                    continue;  // an optional dependency that is not there is simply not waited for
                }
                throw GraphError("service \"" + impl->names[v] + "\" depends on undefined service \"" + dependency +
                                 "\"");
            }
            boost::add_edge(v, impl->VertexOf(dependency), impl->graph);
        }
    }
    ThrowIfCyclic(impl->graph, impl->names);
    boost::topological_sort(impl->graph, std::back_inserter(impl->topological_order));
    return ServiceGraph(std::move(impl));
}

const std::vector<std::string>& ServiceGraph::Services() const {
    return impl_->names;
}

std::vector<std::string> ServiceGraph::DependenciesOf(std::string_view service) const {
    std::vector<Vertex> targets;
    for (GraphEdge edge : boost::make_iterator_range(boost::out_edges(impl_->VertexOf(service), impl_->graph))) {
        targets.push_back(boost::target(edge, impl_->graph));
    }
    return impl_->NamesOf(std::move(targets));
}

std::vector<std::string> ServiceGraph::DependentsOf(std::string_view service) const {
    std::vector<Vertex> sources;
    for (GraphEdge edge : boost::make_iterator_range(boost::in_edges(impl_->VertexOf(service), impl_->graph))) {
        sources.push_back(boost::source(edge, impl_->graph));
    }
    return impl_->NamesOf(std::move(sources));
}

std::vector<std::string> ServiceGraph::WithDependencies(const std::vector<std::string>& services) const {
    return impl_->NamesOf(Reachable(impl_->graph, impl_->VerticesOf(services)));
}

std::vector<std::string> ServiceGraph::WithDependents(const std::vector<std::string>& services) const {
    return impl_->NamesOf(Reachable(boost::make_reverse_graph(impl_->graph), impl_->VerticesOf(services)));
}

namespace {

// Groups vertices by level, where level[v] = 1 + the highest level among the vertices v
// waits for (0 when it waits for none); `order` lists every vertex after those it waits for.
template <typename WaitsFor>
std::vector<std::vector<std::string>> Batches(const std::vector<std::string>& names,
                                              const std::vector<Vertex>& order,
                                              WaitsFor waits_for) {
    std::vector<std::size_t> level(names.size(), 0);
    std::vector<std::vector<std::string>> batches;
    for (Vertex v : order) {
        for (Vertex before : waits_for(v)) {
            level[v] = std::max(level[v], level[before] + 1);
        }
        if (batches.size() <= level[v]) {
            batches.resize(level[v] + 1);
        }
        batches[level[v]].push_back(names[v]);
    }
    for (std::vector<std::string>& batch : batches) {
        std::sort(batch.begin(), batch.end());
    }
    return batches;
}

}  // namespace

std::vector<std::vector<std::string>> ServiceGraph::DependencyOrder() const {
    const Graph& graph = impl_->graph;
    return Batches(impl_->names, impl_->topological_order, [&graph](Vertex v) {
        std::vector<Vertex> dependencies;
        for (GraphEdge edge : boost::make_iterator_range(boost::out_edges(v, graph))) {
            dependencies.push_back(boost::target(edge, graph));
        }
        return dependencies;
    });
}

std::vector<std::vector<std::string>> ServiceGraph::ReverseDependencyOrder() const {
    const Graph& graph = impl_->graph;
    const std::vector<Vertex> order(impl_->topological_order.rbegin(), impl_->topological_order.rend());
    return Batches(impl_->names, order, [&graph](Vertex v) {
        std::vector<Vertex> dependents;
        for (GraphEdge edge : boost::make_iterator_range(boost::in_edges(v, graph))) {
            dependents.push_back(boost::source(edge, graph));
        }
        return dependents;
    });
}

GraphWalk ServiceGraph::Walk(Direction direction) const {
    return Walk(direction, impl_->names);
}

GraphWalk ServiceGraph::Walk(Direction direction, const std::vector<std::string>& services) const {
    std::vector<Vertex> vertices = impl_->VerticesOf(services);
    std::sort(vertices.begin(), vertices.end());
    vertices.erase(std::unique(vertices.begin(), vertices.end()), vertices.end());
    // Position of each graph vertex in the walk, if it takes part.
    std::vector<std::optional<std::size_t>> position(impl_->names.size());
    for (std::size_t i = 0; i < vertices.size(); ++i) {
        position[vertices[i]] = i;
    }
    const Graph& graph = impl_->graph;
    std::vector<GraphWalk::Node> nodes;
    nodes.reserve(vertices.size());
    for (Vertex v : vertices) {
        GraphWalk::Node node{impl_->names[v], {}};
        // Dependencies first: finishing v unblocks its dependents (the sources of its
        // in-edges); dependents first: it unblocks its dependencies.
        if (direction == Direction::kDependenciesFirst) {
            for (GraphEdge edge : boost::make_iterator_range(boost::in_edges(v, graph))) {
                if (auto next = position[boost::source(edge, graph)]) {
                    node.unblocks.push_back(*next);
                }
            }
        } else {
            for (GraphEdge edge : boost::make_iterator_range(boost::out_edges(v, graph))) {
                if (auto next = position[boost::target(edge, graph)]) {
                    node.unblocks.push_back(*next);
                }
            }
        }
        nodes.push_back(std::move(node));
    }
    return GraphWalk(std::move(nodes));
}

}  // namespace compose::graph
