// EngineClient's calls on connections of their own: attach and exec start (hijacked) and the
// wait that docker run arms before it starts the container.
#include <exception>
#include <future>
#include <thread>

#include "engine/client/engine_client.hpp"
#include "engine/client/response_error.hpp"

namespace engine::client {
namespace {

// State shared with the waiting thread, which may outlive the PendingWait (run -d drops it).
struct WaitState {
    std::promise<void> head;
    std::promise<HttpResponse> reply;
};

class ThreadedWait final : public PendingWait {
  public:
    ThreadedWait(const Endpoint& endpoint, HttpRequest request) : state_(std::make_shared<WaitState>()) {
        std::future<void> head = state_->head.get_future();
        reply_ = state_->reply.get_future();
        target_ = request.target;
        std::thread([state = state_, endpoint, request = std::move(request)] {
            bool head_seen = false;
            try {
                HttpTransport transport(endpoint);
                HttpRequest sent = request;
                sent.on_head = [&state, &head_seen](unsigned) {
                    head_seen = true;
                    state->head.set_value();
                };
                state->reply.set_value(transport.Exchange(sent));
            } catch (...) {
                if (!head_seen) {
                    state->head.set_exception(std::current_exception());
                }
                state->reply.set_exception(std::current_exception());
            }
        }).detach();
        head.get();  // rethrows a failure to connect
    }

    nlohmann::json Result() override {
        const HttpResponse response = reply_.get();
        if (response.status < 200 || response.status >= 300) {
            throw ErrorFromResponse(response, target_);
        }
        nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
        if (parsed.is_discarded()) {
            throw Error(Errc::kInternal, "invalid JSON from the daemon for POST " + target_);
        }
        return parsed;
    }

  private:
    std::shared_ptr<WaitState> state_;
    std::future<HttpResponse> reply_;
    std::string target_;
};

std::string Dimension(int value) {
    return std::to_string(value);
}

}  // namespace

std::unique_ptr<RawStream> EngineClient::Hijack(const ApiRequest& request) {
    const HttpRequest http_request = ToHttp(request);
    HttpResponse error_reply;
    std::unique_ptr<RawStream> stream = transport_.Hijack(http_request, error_reply);
    if (!stream) {
        throw ErrorFromResponse(error_reply, http_request.target);
    }
    return stream;
}

std::unique_ptr<RawStream> EngineClient::ContainerAttach(std::string_view id, const AttachOptions& options) {
    ApiRequest request("POST", "/containers/" + std::string(id) + "/attach", {{"stream", "1"}});
    const auto flag = [&request](std::string_view key, bool set) {
        if (set) {
            request.query.emplace_back(std::string(key), "1");
        }
    };
    flag("stdin", options.stdin_stream);
    flag("stdout", options.stdout_stream);
    flag("stderr", options.stderr_stream);
    flag("logs", options.logs);
    if (!options.detach_keys.empty()) {
        request.query.emplace_back("detachKeys", options.detach_keys);
    }
    request.content_type = "text/plain";
    return Hijack(request);
}

std::unique_ptr<PendingWait> EngineClient::ContainerWaitBegin(std::string_view id, std::string_view condition) {
    ApiRequest request("POST", "/containers/" + std::string(id) + "/wait");
    if (!condition.empty()) {
        request.query.emplace_back("condition", std::string(condition));
    }
    return std::make_unique<ThreadedWait>(transport_.endpoint(), ToHttp(request));
}

void EngineClient::ContainerResize(std::string_view id, int height, int width) {
    Request(ApiRequest(
        "POST", "/containers/" + std::string(id) + "/resize", {{"h", Dimension(height)}, {"w", Dimension(width)}}));
}

nlohmann::json EngineClient::ExecCreate(std::string_view id, const nlohmann::json& body) {
    ApiRequest request("POST", "/containers/" + std::string(id) + "/exec");
    request.content_type = "application/json";
    request.body = body.dump();
    return RequestJson(request);
}

std::unique_ptr<RawStream> EngineClient::ExecStart(std::string_view exec_id, bool detach, bool tty) {
    ApiRequest request("POST", "/exec/" + std::string(exec_id) + "/start");
    request.content_type = "application/json";
    request.body = nlohmann::json{{"Detach", detach}, {"Tty", tty}}.dump();
    if (detach) {
        Request(request);
        return nullptr;
    }
    return Hijack(request);
}

nlohmann::json EngineClient::ExecInspect(std::string_view exec_id) {
    return RequestJson(ApiRequest("GET", "/exec/" + std::string(exec_id) + "/json"));
}

void EngineClient::ExecResize(std::string_view exec_id, int height, int width) {
    Request(ApiRequest(
        "POST", "/exec/" + std::string(exec_id) + "/resize", {{"h", Dimension(height)}, {"w", Dimension(width)}}));
}

}  // namespace engine::client
