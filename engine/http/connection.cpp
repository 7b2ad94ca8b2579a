#include "engine/http/connection.hpp"

#include <cstring>
#include <limits>
#include <optional>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/http/beast_stream.hpp"
#include "engine/http/json_error.hpp"
#include "engine/http/response_writer.hpp"

namespace engine::http::detail {
namespace beast_http = boost::beast::http;

bool ConnectionState::EnterIdle() {
    std::lock_guard lock(mutex_);
    if (stopping_.load()) {
        return false;
    }
    idle_ = true;
    return true;
}

void ConnectionState::LeaveIdle() {
    std::lock_guard lock(mutex_);
    idle_ = false;
}

void ConnectionState::AbortIfIdle() {
    std::lock_guard lock(mutex_);
    if (idle_) {
        transport_->Abort();
    }
}

namespace {

bool IEquals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Where a request body goes while it is read.
class BodySink final {
  public:
    BodySink(bool spool, const std::filesystem::path& directory) {
        if (spool) {
            Open(directory);
        }
    }
    ~BodySink() {
        if (fd_ >= 0) {
            close(fd_);
        }
        if (!path_.empty()) {
            unlink(path_.c_str());
        }
    }
    BodySink(const BodySink&) = delete;
    BodySink& operator=(const BodySink&) = delete;

    void Append(const char* data, std::size_t size) {
        if (fd_ < 0) {
            memory_.append(data, size);
            return;
        }
        while (size > 0) {
            const ssize_t count = write(fd_, data, size);
            if (count < 0 && errno == EINTR) {
                continue;
            }
            if (count < 0) {
                throw Error(Errc::kInternal, "spool request body to " + path_.string() + ": " + std::strerror(errno));
            }
            data += count;
            size -= static_cast<std::size_t>(count);
        }
    }
    /// Hands the body to the request; the file stays until this sink is destroyed.
    void Fill(Request& request) {
        if (fd_ >= 0) {
            close(fd_);
            fd_ = -1;
            request.body_file = path_;
        } else {
            request.body = std::move(memory_);
        }
    }

  private:
    void Open(std::filesystem::path directory) {
        if (directory.empty()) {
            directory = std::filesystem::temp_directory_path();
        }
        std::error_code ec;
        if (!std::filesystem::exists(directory, ec)) {
            std::filesystem::create_directories(directory, ec);
            if (ec) {
                throw Error(Errc::kInternal, "create spool directory " + directory.string() + ": " + ec.message());
            }
            chmod(directory.c_str(), 0700);
        }
        std::string name = (directory / "body-XXXXXX").string();
        fd_ = mkostemp(name.data(), O_CLOEXEC);
        if (fd_ < 0) {
            throw Error(Errc::kInternal, "create spool file in " + directory.string() + ": " + std::strerror(errno));
        }
        path_ = name;
    }

    std::string memory_;
    int fd_ = -1;
    std::filesystem::path path_;
};

class Connection final {
  public:
    Connection(ConnectionState& state, const std::string& peer, const ServerOptions& options, Dispatcher& dispatcher)
        : state_(state), peer_(peer), options_(options), dispatcher_(dispatcher), stream_(*state.transport()) {}

    void Run() {
        while (state_.EnterIdle()) {
            const bool keep_going = ServeOne();
            if (!keep_going) {
                return;
            }
        }
    }

  private:
    // Serves one request; false when the connection must close.
    bool ServeOne() {
        beast_http::request_parser<beast_http::empty_body> head_parser;
        head_parser.header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(options_.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
        // Beast 1.74 compares the length against an empty optional as "over the limit", so "no
        // limit yet" is the largest value; the policy's limit is set once the head is known.
        head_parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        stream_.SetDeadline(Clock::now() + options_.idle_timeout);
        boost::system::error_code ec;
        beast_http::read_header(stream_, buffer_, head_parser, ec);
        state_.LeaveIdle();
        if (ec) {
            if (ec == beast_http::error::header_limit) {
                Refuse(431,
                       "request header fields too large (the limit is " + std::to_string(options_.max_header_bytes) +
                           " bytes)");
            } else if (IsParseError(ec)) {
                Refuse(400, "malformed HTTP request: " + ec.message());
            }
            return false;
        }
        const auto& message = head_parser.get();
        Request request;
        request.peer = peer_;
        request.head.method = std::string(message.method_string());
        request.head.target = std::string(message.target());
        for (const auto& field : message) {
            request.head.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        }
        const bool http10 = message.version() < 11;
        const bool keep_alive = !http10 && message.keep_alive() && !state_.stopping().load();
        const bool head_request = message.method() == beast_http::verb::head;

        BodyPolicy policy;
        try {
            policy = dispatcher_.BodyPolicyFor(request.head);
        } catch (...) {
            const std::exception_ptr error = std::current_exception();
            Refuse(StatusForException(error), MessageOfException(error));
            return false;
        }
        if (head_parser.content_length() && *head_parser.content_length() > policy.max_bytes) {
            Refuse(413, TooLarge(policy));
            return false;
        }
        if (!head_parser.is_done() && message.version() >= 11 &&
            IEquals(request.head.Header("Expect"), "100-continue")) {
            std::error_code write_error;
            state_.transport()->WriteAll("HTTP/1.1 100 Continue\r\n\r\n", write_error);
            if (write_error) {
                return false;
            }
        }
        std::optional<BodySink> sink;
        try {
            sink.emplace(policy.spool_to_file, options_.spool_directory);
        } catch (const std::exception& e) {
            Refuse(500, e.what());
            return false;
        }
        beast_http::request_parser<beast_http::buffer_body> body_parser(std::move(head_parser));
        body_parser.body_limit(policy.max_bytes);
        if (!ReadBody(body_parser, *sink, policy)) {
            return false;
        }
        sink->Fill(request);
        return Dispatch(request, sink, head_request, http10, keep_alive);
    }

    bool ReadBody(beast_http::request_parser<beast_http::buffer_body>& parser,
                  BodySink& sink,
                  const BodyPolicy& policy) {
        stream_.SetPerReadTimeout(options_.idle_timeout);
        char chunk[64 * 1024];
        while (!parser.is_done()) {
            parser.get().body().data = chunk;
            parser.get().body().size = sizeof chunk;
            boost::system::error_code ec;
            beast_http::read(stream_, buffer_, parser, ec);
            if (ec == beast_http::error::need_buffer) {
                ec = {};
            }
            if (ec) {
                if (ec == beast_http::error::body_limit) {
                    Refuse(413, TooLarge(policy));
                } else if (IsParseError(ec)) {
                    Refuse(400, "malformed HTTP request body: " + ec.message());
                }
                return false;
            }
            try {
                sink.Append(chunk, sizeof chunk - parser.get().body().size);
            } catch (const std::exception& e) {
                Refuse(500, e.what());
                return false;
            }
        }
        return true;
    }

    bool Dispatch(Request& request, std::optional<BodySink>& sink, bool head_request, bool http10, bool keep_alive) {
        ConnectionResponseWriter writer({.transport = state_.transport(),
                                         .stream = &stream_,
                                         .stopping = &state_.stopping(),
                                         .head_request = head_request,
                                         .http10 = http10,
                                         .keep_alive = keep_alive,
                                         .buffer = &buffer_});
        std::exception_ptr error;
        try {
            dispatcher_.Handle(request, writer);
        } catch (...) {
            error = std::current_exception();
        }
        sink.reset();  // deletes a spooled body now that the handler is done with it
        if (writer.hijacked()) {
            return false;  // the handler owns the connection now
        }
        try {
            if (!writer.started()) {
                if (error) {
                    writer.Send(
                        StatusForException(error), "application/json", JsonMessage(MessageOfException(error)), {});
                } else {
                    writer.Send(500, "application/json", JsonMessage("the handler sent no response"), {});
                }
            } else if (error) {
                return false;  // a half-sent response: only closing tells the client
            } else if (writer.stream_open()) {
                writer.EndStream();
            }
        } catch (...) {
            return false;
        }
        return !writer.failed() && !writer.must_close();
    }

    static bool IsParseError(const boost::system::error_code& ec) {
        return ec.category() ==
                   beast_http::make_error_code(beast_http::error::end_of_stream).category() &&  // Beast's HTTP errors
               ec != beast_http::error::end_of_stream &&
               ec != beast_http::error::partial_message && ec != beast_http::error::need_buffer &&
               ec != beast_http::error::need_more;
    }

    static std::string TooLarge(const BodyPolicy& policy) {
        return "request body too large (the limit is " + std::to_string(policy.max_bytes) + " bytes)";
    }

    // Answers an unusable request with {"message": ...} and lets the client read it before the
    // connection closes (closing with unread input would reset the connection and lose the reply).
    void Refuse(unsigned status, const std::string& message) {
        ConnectionResponseWriter writer({.transport = state_.transport(),
                                         .stream = &stream_,
                                         .stopping = &state_.stopping(),
                                         .head_request = false,
                                         .http10 = false,
                                         .keep_alive = false,
                                         .buffer = &buffer_});
        writer.Send(status, "application/json", JsonMessage(message), {});
        if (writer.failed()) {
            return;
        }
        Transport& transport = *state_.transport();
        transport.ShutdownWrite();
        const Clock::time_point deadline =
            Clock::now() + std::min<std::chrono::milliseconds>(options_.idle_timeout, std::chrono::milliseconds(1000));
        char discard[16 * 1024];
        std::size_t drained = 0;
        while (drained < (std::size_t{4} << 20)) {
            std::error_code ec;
            const std::size_t count = transport.ReadSome(discard, sizeof discard, deadline, ec);
            if (ec || count == 0) {
                break;
            }
            drained += count;
        }
    }

    ConnectionState& state_;
    const std::string& peer_;
    const ServerOptions& options_;
    Dispatcher& dispatcher_;
    BeastStream stream_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace

void ServeConnection(ConnectionState& state,
                     const std::string& peer,
                     const ServerOptions& options,
                     Dispatcher& dispatcher) {
    try {
        Connection(state, peer, options, dispatcher).Run();
    } catch (...) {
        // A connection's failure must never take the server down; the connection just closes.
    }
}

void ServeConnection(int fd, const ServerOptions& options, Dispatcher& dispatcher) {
    static const std::atomic<bool> kNeverStopping{false};
    ConnectionState state(std::make_shared<Transport>(fd, nullptr), kNeverStopping);
    ServeConnection(state, "test", options, dispatcher);
}

}  // namespace engine::http::detail
