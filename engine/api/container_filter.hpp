#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/container_view.hpp"
#include "engine/api/filters.hpp"

namespace engine::api {

/// What the container list filters need to ask the daemon.
struct ContainerFilterHooks final {
    /// Resolves a before/since value (full id, unique id prefix or name) to a full id;
    /// nullopt when no container matches.
    std::function<std::optional<std::string>(std::string_view reference)> resolve_container;
    /// True when the image `image_id` is the image `reference` names or a descendant of it
    /// (moby's ancestor filter). A reference that names no image matches nothing.
    std::function<bool(std::string_view image_id, std::string_view reference)> image_descends_from;
};

/// GET /containers/json's filters as moby's daemon/list.go applies them: id (prefix), name
/// (a regular expression searched in the name, with or without its "/"), label (key or
/// key=value), status, exited, ancestor, network (name or network id prefix), volume (name,
/// source or destination), health (starting|healthy|unhealthy|none), before, since, is-task,
/// publish and expose ("80", "80/udp", "8000-8080/tcp"), isolation (accepted, only
/// "default" matches).
class ContainerFilter final {
  public:
    /// Validates `filters` and resolves before/since. Throws Error(kInvalidArgument) for an
    /// unknown key ("invalid filter 'foo'"), a bad status ("invalid filter 'status=foo'"),
    /// health ("Unrecognised filter value for health: x"), is-task ("invalid filter
    /// 'is-task=[maybe]'"), exited ("strconv.Atoi: parsing \"x\": invalid syntax") or port
    /// ("filter for 'publish' should not contain ':': 1:2"); Error(kNotFound, "No such
    /// container: x") when before/since names no container.
    static ContainerFilter Make(const Filters& filters, const ContainerFilterHooks& hooks);

    /// True when a status filter was given: moby then lists stopped containers as if all=1.
    bool ForcesAll() const { return forces_all_; }

    /// The list as moby builds it from `newest_first` (containers sorted by creation, newest
    /// first): skip up to and including the "before" container, stop at the "since" one, hide
    /// stopped containers unless `all` (or a status filter, or `limit` > 0), stop after
    /// `limit` (> 0) results, and keep those that match every filter.
    std::vector<const ContainerView*> Apply(std::span<const ContainerView> newest_first,
                                            bool all,
                                            std::int64_t limit) const;

    /// True when `view` passes the per-container filters (everything but before, since, all
    /// and limit).
    bool Matches(const ContainerView& view) const;

  private:
    ContainerFilter(Filters filters, ContainerFilterHooks hooks)
        : filters_(std::move(filters)), hooks_(std::move(hooks)) {}

    bool MatchesState(const ContainerView& view) const;
    bool MatchesResources(const ContainerView& view) const;
    bool MatchesPorts(const ContainerView& view) const;

    Filters filters_;
    ContainerFilterHooks hooks_;
    bool forces_all_ = false;
    std::vector<std::int64_t> exit_codes_;
    std::optional<bool> is_task_;
    std::optional<std::string> before_id_;
    std::optional<std::string> since_id_;
    std::set<std::string> publish_;
    std::set<std::string> expose_;
};

}  // namespace engine::api
