#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "compose/reconcile/plan.hpp"
#include "compose/reconcile/planner.hpp"

namespace compose::reconcile {

/// Turns create operations into Engine API request bodies. The executor asks it at execution
/// time, so a plan stays small and printable; tests give the executor a fake.
class ResourceSpecs {
  public:
    virtual ~ResourceSpecs() = default;
    /// POST /containers/create body for a kCreateContainer operation (Config fields,
    /// HostConfig, NetworkingConfig with the service's first network's endpoint; the others
    /// are connected by kConnectNetwork operations or by the executor before start).
    /// `replaced` is the inspect JSON of the container being replaced (null when none): its
    /// anonymous volumes are carried over.
    virtual nlohmann::json ContainerCreateBody(const Operation& operation, const nlohmann::json& replaced) const = 0;
    /// POST /networks/{id}/connect body ({"Container","EndpointConfig"}) attaching
    /// `container_id` of the operation's service to `network_name`.
    virtual nlohmann::json NetworkConnectBody(const Operation& operation,
                                              const std::string& container_id,
                                              const std::string& network_name) const = 0;
    /// POST /networks/create body for a kCreateNetwork operation.
    virtual nlohmann::json NetworkCreateBody(const Operation& operation) const = 0;
    /// POST /volumes/create body for a kCreateVolume operation.
    virtual nlohmann::json VolumeCreateBody(const Operation& operation) const = 0;
};

/// The real ResourceSpecs: bodies from the normalized project (compose/loader/normalize.hpp
/// describes the shape it reads), with the full Docker Compose label set.
class ProjectSpecs final : public ResourceSpecs {
  public:
    /// `desired` must outlive this object.
    explicit ProjectSpecs(const DesiredState& desired);

    nlohmann::json ContainerCreateBody(const Operation& operation, const nlohmann::json& replaced) const override;
    nlohmann::json NetworkConnectBody(const Operation& operation,
                                      const std::string& container_id,
                                      const std::string& network_name) const override;
    nlohmann::json NetworkCreateBody(const Operation& operation) const override;
    nlohmann::json VolumeCreateBody(const Operation& operation) const override;

  private:
    const DesiredState& desired_;
};

/// The labels a container of `service` gets (project, service, number, oneoff, config-hash,
/// depends_on, image, working_dir, config_files, environment_file, version), plus the
/// service's own `labels`. Exposed for `run` and tests.
std::map<std::string, std::string> ContainerLabels(const DesiredState& desired,
                                                   const std::string& service,
                                                   int number,
                                                   bool oneoff);

/// The config hash of a network or volume definition (its whole normalized map).
std::string ResourceConfigHash(const model::Value& definition);

}  // namespace compose::reconcile
