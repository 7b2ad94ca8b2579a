#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "engine/http/server.hpp"

namespace engine::daemon::testing {

/// A ResponseWriter that records what a handler sent, for handler tests without sockets.
class FakeResponseWriter final : public http::ResponseWriter {
  public:
    void Send(unsigned new_status,
              std::string_view new_content_type,
              std::string new_body,
              const http::Headers& extra) override {
        Start(new_status, new_content_type, extra);
        body = std::move(new_body);
    }
    void BeginStream(unsigned new_status, std::string_view new_content_type, const http::Headers& extra) override {
        Start(new_status, new_content_type, extra);
        streaming = true;
    }
    bool WriteChunk(std::string_view data) override {
        chunks.emplace_back(data);
        return !cancelled;
    }
    void EndStream() override { ended = true; }
    std::unique_ptr<http::HijackedConnection> Hijack(std::string_view, const http::Headers&) override {
        return nullptr;
    }
    bool started() const override { return status != 0; }
    bool Cancelled() const override { return cancelled; }

    /// The first value of header `name` as sent, "" when absent (case-sensitive is enough here).
    std::string Header(std::string_view name) const {
        for (const auto& [key, value] : headers) {
            if (key == name) {
                return value;
            }
        }
        return "";
    }

    unsigned status = 0;
    std::string content_type;
    std::string body;
    http::Headers headers;
    std::vector<std::string> chunks;
    std::atomic<bool> streaming = false;  // read by tests from another thread
    bool ended = false;
    bool cancelled = false;

  private:
    void Start(unsigned new_status, std::string_view new_content_type, const http::Headers& extra) {
        if (status != 0) {
            throw std::logic_error("response started twice");
        }
        status = new_status;
        content_type = new_content_type;
        headers = extra;
    }
};

/// A request with the given method and target (and body), as the server would hand it over.
inline http::Request MakeRequest(std::string method, std::string target, std::string body = "") {
    http::Request request;
    request.head.method = std::move(method);
    request.head.target = std::move(target);
    request.body = std::move(body);
    return request;
}

}  // namespace engine::daemon::testing
