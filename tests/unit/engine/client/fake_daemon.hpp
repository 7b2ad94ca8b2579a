#pragma once

// A stand-in daemon for the client tests: the project's own HTTP server (engine/http) with a
// handler made of a lambda, on a UNIX socket in a temp dir or on loopback TCP. It records every
// request it saw so tests can assert exact targets and headers.

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/client/endpoint.hpp"
#include "engine/http/server.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::client::testing {

class FakeDaemon final : public http::Dispatcher {
  public:
    using Handler = std::function<void(http::Request&, http::ResponseWriter&)>;

    /// Answers /_ping with Api-Version `api_version` (none when empty) and everything else
    /// with `handler`.
    FakeDaemon(Handler handler,
               std::string api_version = "1.41",
               bool tcp = false,
               std::optional<http::TlsFiles> tls = std::nullopt,
               http::ServerOptions options = {})
        : handler_(std::move(handler)), api_version_(std::move(api_version)) {
        server_ = std::make_unique<http::Server>(options, *this);
        if (tcp) {
            const http::ListenAddress bound = server_->Listen(http::ParseListenAddress("tcp://127.0.0.1:0"), tls);
            endpoint_.kind = Endpoint::Kind::kTcp;
            endpoint_.host = "127.0.0.1";
            endpoint_.port = bound.port;
        } else {
            endpoint_.path = dir_.path() / "berthd.sock";
            server_->Listen(http::ParseListenAddress("unix://" + endpoint_.path.string()));
        }
        server_->Start();
    }
    ~FakeDaemon() override { server_->Stop(std::chrono::milliseconds(100)); }

    http::BodyPolicy BodyPolicyFor(const http::RequestHead&) const override {
        http::BodyPolicy policy;
        policy.max_bytes = 64 << 20;
        return policy;
    }

    void Handle(http::Request& request, http::ResponseWriter& response) override {
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
        }
        if (request.head.target == "/_ping") {
            http::Headers headers;
            if (!api_version_.empty()) {
                headers.emplace_back("Api-Version", api_version_);
            }
            headers.emplace_back("Ostype", "linux");
            response.Send(200, "text/plain; charset=utf-8", "OK", headers);
            return;
        }
        handler_(request, response);
    }

    /// Every request so far (pings included), in arrival order.
    std::vector<http::Request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    /// The targets of the requests after the ping.
    std::vector<std::string> ApiTargets() const {
        std::vector<std::string> targets;
        for (const http::Request& request : requests()) {
            if (request.head.target != "/_ping") {
                targets.push_back(request.head.target);
            }
        }
        return targets;
    }

    const Endpoint& endpoint() const { return endpoint_; }

  private:
    engine::testing::TempDir dir_;
    Handler handler_;
    std::string api_version_;
    Endpoint endpoint_;
    std::unique_ptr<http::Server> server_;
    mutable std::mutex mutex_;
    std::vector<http::Request> requests_;
};

/// A handler sending one JSON body with status 200.
inline FakeDaemon::Handler JsonReply(std::string body, unsigned status = 200) {
    return [body = std::move(body), status](http::Request&, http::ResponseWriter& response) {
        response.Send(status, "application/json", body);
    };
}

}  // namespace engine::client::testing
