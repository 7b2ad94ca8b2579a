#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>

#include "engine/http/beast_stream.hpp"
#include "engine/http/server.hpp"
#include "engine/http/transport.hpp"

namespace engine::http::detail {

/// The ResponseWriter of one request on a connection.
class ConnectionResponseWriter final : public ResponseWriter {
  public:
    struct Context {
        std::shared_ptr<Transport> transport;
        BeastStream* stream;
        const std::atomic<bool>* stopping;
        bool head_request = false;
        bool http10 = false;                ///< HTTP/1.0 client: no chunked encoding, close after the reply
        bool keep_alive = true;             ///< false: the reply says "Connection: close"
        boost::beast::flat_buffer* buffer;  ///< bytes already read past the request, handed over on Hijack
    };

    explicit ConnectionResponseWriter(Context context) : context_(std::move(context)) {}

    void Send(unsigned status, std::string_view content_type, std::string body, const Headers& extra) override;
    void BeginStream(unsigned status, std::string_view content_type, const Headers& extra) override;
    bool WriteChunk(std::string_view data) override;
    void EndStream() override;
    std::unique_ptr<HijackedConnection> Hijack(std::string_view protocol, const Headers& extra) override;
    bool started() const override { return started_; }
    bool Cancelled() const override;

    bool hijacked() const { return hijacked_; }
    /// A chunked stream was begun and not ended.
    bool stream_open() const { return streaming_ && !stream_ended_; }
    /// A write failed: the connection is dead.
    bool failed() const { return failed_; }
    /// The connection must close after this response (HTTP/1.0 stream without framing).
    bool must_close() const { return !context_.keep_alive || close_after_; }

  private:
    void StartOnce(const char* what);

    Context context_;
    bool started_ = false;
    bool streaming_ = false;
    bool stream_ended_ = false;
    bool hijacked_ = false;
    bool failed_ = false;
    bool close_after_ = false;
};

}  // namespace engine::http::detail
