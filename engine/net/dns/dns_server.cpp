#include "engine/net/dns/dns_server.hpp"

#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "engine/base/error.hpp"
#include "engine/net/dns/dns_listener.hpp"
#include "engine/net/dns/dns_message.hpp"
#include "engine/net/dns/forwarder.hpp"
#include "engine/net/dns/query_answerer.hpp"

namespace engine::net::dns {
namespace {

namespace asio = boost::asio;

// Each forward holds a socket until it ends: bound them so a flood of unknown names cannot
// exhaust file descriptors. Beyond this, queries get SERVFAIL at once.
constexpr std::size_t kMaxForwardsInFlight = 256;
constexpr std::size_t kMaxTcpMessage = 65535;

}  // namespace

class DnsServer::Impl final : public QueryHandler {
  public:
    Impl(NameResolver& resolver, Logger* logger)
        : resolver_(resolver), logger_(logger), work_(asio::make_work_guard(io_)), random_(std::random_device{}()) {
        thread_ = std::thread([this] { io_.run(); });
    }

    ~Impl() override {
        std::map<std::string, std::shared_ptr<DnsListener>, std::less<>> listeners;
        {
            std::lock_guard lock(mutex_);
            listeners.swap(listeners_);
        }
        RunOnIoThread([&listeners] {
            for (auto& entry : listeners) {
                entry.second->Stop();
            }
        });
        work_.reset();
        io_.stop();
        thread_.join();
    }

    void AddListener(std::string scope, const IpAddress& address, std::uint16_t port) {
        std::lock_guard lock(mutex_);
        if (listeners_.contains(scope)) {
            throw Error(Errc::kAlreadyExists,
                        "dns server: network " + scope + " already has a listener; remove it first");
        }
        auto listener = DnsListener::Bind(io_, scope, address, port, *this);
        listeners_.emplace(std::move(scope), listener);
        asio::post(io_, [listener] { listener->Start(); });
    }

    void RemoveListener(std::string_view scope) {
        std::shared_ptr<DnsListener> listener;
        {
            std::lock_guard lock(mutex_);
            const auto found = listeners_.find(scope);
            if (found == listeners_.end()) {
                return;
            }
            listener = std::move(found->second);
            listeners_.erase(found);
        }
        RunOnIoThread([listener] { listener->Stop(); });
    }

    std::uint16_t BoundPort(std::string_view scope) const {
        std::lock_guard lock(mutex_);
        const auto found = listeners_.find(scope);
        if (found == listeners_.end()) {
            throw Error(Errc::kNotFound, "dns server: network " + std::string(scope) + " has no listener");
        }
        return found->second->port();
    }

    void SetUpstreams(std::vector<Upstream> upstreams) {
        std::lock_guard lock(mutex_);
        upstreams_ = std::move(upstreams);
    }

    void SetForwardTimeout(std::chrono::milliseconds timeout) {
        std::lock_guard lock(mutex_);
        timeout_ = timeout;
    }

    void HandleQuery(const std::string& scope,
                     const std::optional<IpAddress>& client,
                     std::vector<std::uint8_t> message,
                     Transport transport,
                     Reply reply) override {
        ParseResult parsed = ParseQuery(message);
        switch (parsed.status) {
            case ParseStatus::kIgnore:
                reply({});
                return;
            case ParseStatus::kFormatError:
                reply(BuildEmptyResponse(parsed.query, ResponseCode::kFormatError));
                return;
            case ParseStatus::kNotImplemented:
                reply(BuildEmptyResponse(parsed.query, ResponseCode::kNotImplemented));
                return;
            case ParseStatus::kOk:
                break;
        }
        const Query& query = parsed.query;
        const std::size_t max_size = transport == Transport::kTcp ? kMaxTcpMessage : MaxUdpResponseSize(query);
        std::optional<std::vector<std::uint8_t>> local;
        try {
            local = AnswerLocally(query, scope, client, resolver_, rotation_++, max_size);
        } catch (const std::exception& error) {
            Log("dns: name lookup failed", {{"network", scope}, {"name", query.name}, {"error", error.what()}});
            reply(BuildEmptyResponse(query, ResponseCode::kServerFailure));
            return;
        }
        if (local) {
            reply(std::move(*local));
            return;
        }
        ForwardQuery(std::move(parsed.query), std::move(message), transport, std::move(reply));
    }

  private:
    void ForwardQuery(Query query, std::vector<std::uint8_t> message, Transport transport, Reply reply) {
        ForwardRequest request;
        {
            std::lock_guard lock(mutex_);
            request.upstreams = upstreams_;
            request.timeout = timeout_;
        }
        if (request.upstreams.empty() || forwards_in_flight_ >= kMaxForwardsInFlight) {
            reply(BuildEmptyResponse(query, ResponseCode::kServerFailure));
            return;
        }
        request.transport = transport;
        request.query = std::move(message);
        request.upstream_id = static_cast<std::uint16_t>(random_());
        ++forwards_in_flight_;
        Forward(io_,
                std::move(request),
                [this, query = std::move(query), reply = std::move(reply)](
                    std::optional<std::vector<std::uint8_t>> response) {
                    --forwards_in_flight_;
                    if (!response) {
                        Log("dns: no upstream answered", {{"name", query.name}});
                        reply(BuildEmptyResponse(query, ResponseCode::kServerFailure));
                        return;
                    }
                    reply(std::move(*response));
                });
    }

    // Runs `work` on the server's thread and waits for it; runs it directly when already there.
    template <class Work>
    void RunOnIoThread(Work work) {
        if (io_.get_executor().running_in_this_thread()) {
            work();
            return;
        }
        std::promise<void> done;
        asio::post(io_, [&work, &done] {
            work();
            done.set_value();
        });
        done.get_future().wait();
    }

    void Log(std::string_view message, std::initializer_list<LogField> fields) {
        if (logger_ != nullptr) {
            logger_->Debug(message, fields);
        }
    }

    NameResolver& resolver_;
    Logger* logger_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    mutable std::mutex mutex_;  // guards listeners_, upstreams_ and timeout_
    std::map<std::string, std::shared_ptr<DnsListener>, std::less<>> listeners_;
    std::vector<Upstream> upstreams_;
    std::chrono::milliseconds timeout_{2000};
    // Used on the server's thread only.
    std::uint64_t rotation_ = 0;
    std::size_t forwards_in_flight_ = 0;
    std::mt19937 random_;
    std::thread thread_;
};

DnsServer::DnsServer(NameResolver& resolver, Logger* logger) : impl_(std::make_unique<Impl>(resolver, logger)) {}

DnsServer::~DnsServer() = default;

void DnsServer::AddListener(std::string scope, const IpAddress& address, std::uint16_t port) {
    impl_->AddListener(std::move(scope), address, port);
}

void DnsServer::RemoveListener(std::string_view scope) {
    impl_->RemoveListener(scope);
}

std::uint16_t DnsServer::BoundPort(std::string_view scope) const {
    return impl_->BoundPort(scope);
}

void DnsServer::SetUpstreams(std::vector<Upstream> upstreams) {
    impl_->SetUpstreams(std::move(upstreams));
}

void DnsServer::SetForwardTimeout(std::chrono::milliseconds timeout) {
    impl_->SetForwardTimeout(timeout);
}

}  // namespace engine::net::dns
