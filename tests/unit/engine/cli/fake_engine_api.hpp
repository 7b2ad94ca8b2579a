#pragma once

// The in-memory side of the EngineApi seam for CLI tests: records every call as a line of text
// and answers with canned JSON; a call can be told to fail with an engine::Error.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/engine_api.hpp"
#include "engine/client/url.hpp"

namespace engine::cli::testing {

class FakeEngineApi final : public client::EngineApi {
  public:
    /// Canned replies by method name ("ImageList", "ImageInspect busybox", ...: the method name
    /// with the first argument, or the method name alone as a fallback).
    std::map<std::string, nlohmann::json> replies;
    /// Errors to throw, keyed like `replies`.
    std::map<std::string, Error> errors;
    /// Messages streamed to callbacks, keyed by method name.
    std::map<std::string, std::vector<nlohmann::json>> streams;
    /// Every call, e.g. "ImageTag busybox myrepo v1".
    std::vector<std::string> calls;
    /// Bytes read from upload descriptors, and written to save descriptors.
    std::string uploaded;
    std::string save_content = "TARBYTES";

    client::PingResult Ping() override {
        Record("Ping");
        client::PingResult result;
        result.api_version = "1.41";
        result.os_type = "linux";
        return result;
    }
    nlohmann::json Version() override { return Reply("Version", ""); }
    nlohmann::json Info() override { return Reply("Info", ""); }
    void Events(const client::EventsOptions& options, const client::JsonCallback& on_event) override {
        Record("Events since=" + options.since + " until=" + options.until +
               " filters=" + client::EncodeFilters(options.filters));
        Stream("Events", on_event);
    }
    nlohmann::json ImageList(bool all, const api::Filters& filters) override {
        Record("ImageList all=" + std::to_string(all) + " filters=" + client::EncodeFilters(filters));
        return Lookup("ImageList", "");
    }
    nlohmann::json ImageInspect(std::string_view ref) override { return Reply("ImageInspect", std::string(ref)); }
    nlohmann::json ImageHistory(std::string_view ref) override { return Reply("ImageHistory", std::string(ref)); }
    void ImageTag(std::string_view ref, std::string_view repo, std::string_view tag) override {
        Reply("ImageTag", std::string(ref) + " " + std::string(repo) + " " + std::string(tag));
    }
    nlohmann::json ImageRemove(std::string_view ref, bool force, bool no_prune) override {
        Record("ImageRemove " + std::string(ref) + " force=" + std::to_string(force) +
               " noprune=" + std::to_string(no_prune));
        return Lookup("ImageRemove", std::string(ref));
    }
    void ImageImport(const client::ImageImportOptions& options, const client::JsonCallback& on_message) override {
        std::string changes;
        for (const std::string& change : options.changes) {
            changes += "[" + change + "]";
        }
        Record("ImageImport ref=" + options.reference + " url=" + options.source_url + " changes=" + changes +
               " message=" + options.message);
        ReadAll(options.source_fd);
        Stream("ImageImport", on_message);
    }
    void ImageLoad(int input_fd, bool quiet, const client::JsonCallback& on_message) override {
        Record("ImageLoad quiet=" + std::to_string(quiet));
        ReadAll(input_fd);
        Stream("ImageLoad", on_message);
    }
    void ImageSave(const std::vector<std::string>& refs, int output_fd) override {
        std::string names;
        for (const std::string& ref : refs) {
            names += " " + ref;
        }
        Record("ImageSave" + names);
        if (write(output_fd, save_content.data(), save_content.size()) != static_cast<ssize_t>(save_content.size())) {
            throw Error(Errc::kInternal, "short write");
        }
    }
    nlohmann::json ImagePrune(bool all, const api::Filters& filters) override {
        Record("ImagePrune all=" + std::to_string(all) + " filters=" + client::EncodeFilters(filters));
        return Lookup("ImagePrune", "");
    }
    nlohmann::json SystemDf() override { return Reply("SystemDf", ""); }

  private:
    void Record(std::string call) { calls.push_back(std::move(call)); }

    nlohmann::json Lookup(const std::string& method, const std::string& arg) {
        for (const std::string& key : {method + " " + arg, method}) {
            if (const auto error = errors.find(key); error != errors.end()) {
                throw error->second;
            }
            if (const auto reply = replies.find(key); reply != replies.end()) {
                return reply->second;
            }
        }
        return nlohmann::json::object();
    }
    nlohmann::json Reply(const std::string& method, const std::string& arg) {
        Record(arg.empty() ? method : method + " " + arg);
        return Lookup(method, arg);
    }
    void Stream(const std::string& method, const client::JsonCallback& callback) {
        for (const nlohmann::json& message : streams[method]) {
            client::ThrowIfStreamError(message);
            if (!callback(message)) {
                return;
            }
        }
    }
    void ReadAll(int fd) {
        char buffer[4096];
        for (ssize_t count; fd >= 0 && (count = read(fd, buffer, sizeof buffer)) > 0;) {
            uploaded.append(buffer, static_cast<std::size_t>(count));
        }
    }
};

}  // namespace engine::cli::testing
