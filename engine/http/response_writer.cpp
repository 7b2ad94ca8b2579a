#include "engine/http/response_writer.hpp"

#include <cstring>

#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "engine/base/error.hpp"

namespace engine::http::detail {
namespace beast_http = boost::beast::http;

namespace {

bool IEquals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

boost::beast::string_view Sv(std::string_view text) {
    return {text.data(), text.size()};
}

bool Safe(std::string_view text) {
    return text.find_first_of("\r\n") == std::string_view::npos;
}

// 1xx, 204 and 304 replies never carry a body (RFC 9110 section 6.4.1).
bool StatusHasBody(unsigned status) {
    return status >= 200 && status != 204 && status != 304;
}

template <class Fields>
void SetStatus(beast_http::response_header<Fields>& header, unsigned status) {
    header.result(status);
    if (beast_http::obsolete_reason(beast_http::int_to_status(status)) == "<unknown-status>") {
        header.reason("Unknown");
    }
}

template <class Fields>
void AddExtra(beast_http::response_header<Fields>& header, const Headers& extra, bool allow_connection) {
    // The first value of a name replaces what the server set (Content-Type, ...); later
    // values of the same name are added beside it.
    for (std::size_t i = 0; i < extra.size(); ++i) {
        const auto& [name, value] = extra[i];
        if (name.empty() || !Safe(name) || !Safe(value) || IEquals(name, "content-length") ||
            IEquals(name, "transfer-encoding") || (!allow_connection && IEquals(name, "connection"))) {
            continue;
        }
        bool repeated = false;
        for (std::size_t j = 0; j < i && !repeated; ++j) {
            repeated = IEquals(extra[j].first, name);
        }
        if (repeated) {
            header.insert(name, value);
        } else {
            header.set(name, value);
        }
    }
}

class HijackedSocket final : public HijackedConnection {
  public:
    HijackedSocket(std::shared_ptr<Transport> transport, std::string buffered)
        : transport_(std::move(transport)), buffered_(std::move(buffered)) {}

    std::size_t Read(std::span<char> buffer) override {
        if (buffer.empty()) {
            return 0;
        }
        if (offset_ < buffered_.size()) {
            const std::size_t count = std::min(buffer.size(), buffered_.size() - offset_);
            std::memcpy(buffer.data(), buffered_.data() + offset_, count);
            offset_ += count;
            if (offset_ == buffered_.size()) {
                std::string().swap(buffered_);
                offset_ = 0;
            }
            return count;
        }
        std::error_code ec;
        const std::size_t count = transport_->ReadSome(buffer.data(), buffer.size(), std::nullopt, ec);
        if (ec) {
            throw Error(Errc::kUnavailable, "read from hijacked connection: " + ec.message());
        }
        return count;
    }
    void Write(std::string_view data) override {
        std::error_code ec;
        transport_->WriteAll(data, ec);
        if (ec) {
            throw Error(Errc::kUnavailable, "write to hijacked connection: " + ec.message());
        }
    }
    void CloseWrite() override { transport_->ShutdownWrite(); }

  private:
    std::shared_ptr<Transport> transport_;
    std::string buffered_;
    std::size_t offset_ = 0;
};

}  // namespace

void ConnectionResponseWriter::StartOnce(const char* what) {
    if (started_) {
        throw Error(Errc::kInternal, std::string("http: ") + what + " after the response was started");
    }
    started_ = true;
    if (context_.stopping->load()) {
        context_.keep_alive = false;  // the server is going away: tell the client
    }
}

bool ConnectionResponseWriter::Cancelled() const {
    return failed_ || context_.stopping->load() || context_.transport->PeerClosed();
}

void ConnectionResponseWriter::Send(unsigned status,
                                    std::string_view content_type,
                                    std::string body,
                                    const Headers& extra) {
    StartOnce("Send");
    beast_http::response<beast_http::string_body> response;
    response.version(11);
    SetStatus(response, status);
    if (!content_type.empty() && Safe(content_type)) {
        response.set(beast_http::field::content_type, Sv(content_type));
    }
    AddExtra(response, extra, false);
    if (!context_.keep_alive) {
        response.set(beast_http::field::connection, "close");
    }
    const bool has_body = StatusHasBody(status);
    if (has_body) {
        response.content_length(body.size());
    }
    response.body() = std::move(body);
    beast_http::response_serializer<beast_http::string_body> serializer(response);
    boost::system::error_code ec;
    if (context_.head_request || !has_body) {
        beast_http::write_header(*context_.stream, serializer, ec);
    } else {
        beast_http::write(*context_.stream, serializer, ec);
    }
    failed_ = failed_ || static_cast<bool>(ec);
}

void ConnectionResponseWriter::BeginStream(unsigned status, std::string_view content_type, const Headers& extra) {
    StartOnce("BeginStream");
    streaming_ = true;
    beast_http::response<beast_http::empty_body> response;
    response.version(11);
    SetStatus(response, status);
    if (!content_type.empty() && Safe(content_type)) {
        response.set(beast_http::field::content_type, Sv(content_type));
    }
    AddExtra(response, extra, false);
    if (context_.http10) {
        close_after_ = true;  // the body ends when the connection does
        response.set(beast_http::field::connection, "close");
    } else {
        response.chunked(true);
        if (!context_.keep_alive) {
            response.set(beast_http::field::connection, "close");
        }
    }
    beast_http::response_serializer<beast_http::empty_body> serializer(response);
    boost::system::error_code ec;
    beast_http::write_header(*context_.stream, serializer, ec);
    failed_ = failed_ || static_cast<bool>(ec);
}

bool ConnectionResponseWriter::WriteChunk(std::string_view data) {
    if (!streaming_ || stream_ended_) {
        throw Error(Errc::kInternal, "http: WriteChunk without an open stream");
    }
    if (failed_) {
        return false;
    }
    if (context_.head_request || data.empty()) {
        return !Cancelled();
    }
    boost::system::error_code ec;
    if (context_.http10) {
        boost::asio::write(*context_.stream, boost::asio::buffer(data.data(), data.size()), ec);
    } else {
        boost::asio::write(*context_.stream, beast_http::make_chunk(boost::asio::buffer(data.data(), data.size())), ec);
    }
    failed_ = failed_ || static_cast<bool>(ec);
    return !failed_;
}

void ConnectionResponseWriter::EndStream() {
    if (!streaming_ || stream_ended_) {
        throw Error(Errc::kInternal, "http: EndStream without an open stream");
    }
    stream_ended_ = true;
    if (failed_ || context_.head_request || context_.http10) {
        return;
    }
    boost::system::error_code ec;
    boost::asio::write(*context_.stream, beast_http::make_chunk_last(), ec);
    failed_ = failed_ || static_cast<bool>(ec);
}

std::unique_ptr<HijackedConnection> ConnectionResponseWriter::Hijack(std::string_view protocol, const Headers& extra) {
    StartOnce("Hijack");
    hijacked_ = true;
    beast_http::response<beast_http::empty_body> response;
    response.version(11);
    response.result(beast_http::status::switching_protocols);
    response.reason("UPGRADED");
    response.set(beast_http::field::content_type, "application/vnd.docker.raw-stream");
    response.set(beast_http::field::connection, "Upgrade");
    if (Safe(protocol)) {
        response.set(beast_http::field::upgrade, Sv(protocol));
    }
    AddExtra(response, extra, false);
    beast_http::response_serializer<beast_http::empty_body> serializer(response);
    boost::system::error_code ec;
    beast_http::write_header(*context_.stream, serializer, ec);
    if (ec) {
        failed_ = true;
        throw Error(Errc::kUnavailable, "hijack: the client has gone: " + ec.message());
    }
    std::string buffered = boost::beast::buffers_to_string(context_.buffer->data());
    context_.buffer->consume(context_.buffer->size());
    return std::make_unique<HijackedSocket>(context_.transport, std::move(buffered));
}

}  // namespace engine::http::detail
