#include "engine/client/json_stream.hpp"

#include "engine/base/error.hpp"

namespace engine::client {
namespace {

bool IsJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

nlohmann::json ParseValue(const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        throw Error(Errc::kInternal, std::string("invalid JSON in stream from the daemon: ") + error.what());
    }
}

}  // namespace

bool JsonStreamDecoder::Feed(std::string_view data, const JsonCallback& on_value) {
    for (const char c : data) {
        if (depth_ == 0 && pending_.empty() && IsJsonSpace(c)) {
            continue;  // between values
        }
        if (pending_.empty() && c != '{' && c != '[') {
            // Daemons stream objects only; a bare scalar means the stream is not what we think.
            throw Error(Errc::kInternal, std::string("invalid JSON in stream from the daemon: unexpected '") + c + "'");
        }
        pending_ += c;
        if (in_string_) {
            if (escaped_) {
                escaped_ = false;
            } else if (c == '\\') {
                escaped_ = true;
            } else if (c == '"') {
                in_string_ = false;
            }
        } else if (c == '"') {
            in_string_ = true;
        } else if (c == '{' || c == '[') {
            ++depth_;
        } else if (c == '}' || c == ']') {
            --depth_;
        }
        const bool complete = depth_ <= 0 && !in_string_ && (c == '}' || c == ']');
        if (complete) {
            const nlohmann::json value = ParseValue(pending_);
            pending_.clear();
            depth_ = 0;
            if (!on_value(value)) {
                return false;
            }
        }
    }
    return true;
}

void JsonStreamDecoder::Finish() const {
    for (const char c : pending_) {
        if (!IsJsonSpace(c)) {
            throw Error(Errc::kInternal, "unexpected end of JSON stream from the daemon");
        }
    }
}

void ThrowIfStreamError(const nlohmann::json& message) {
    if (!message.is_object()) {
        return;
    }
    const auto detail = message.find("errorDetail");
    if (detail != message.end() && detail->is_object()) {
        const auto text = detail->find("message");
        if (text != detail->end() && text->is_string() && !text->get<std::string>().empty()) {
            throw Error(Errc::kInternal, text->get<std::string>());
        }
    }
    const auto error = message.find("error");
    if (error != message.end() && error->is_string() && !error->get<std::string>().empty()) {
        throw Error(Errc::kInternal, error->get<std::string>());
    }
}

}  // namespace engine::client
