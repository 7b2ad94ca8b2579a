#pragma once

// The in-memory EngineApi for berth-compose tests: records every call as a line of text and
// answers with canned JSON; a call can be told to fail with an engine::Error. Thread-safe, so
// commands that open one connection per container (logs -f) can share it.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/engine_api.hpp"
#include "engine/client/url.hpp"

namespace compose::cli::testing {

using engine::Errc;
using engine::Error;
namespace client = engine::client;
namespace api = engine::api;

/// A hijacked stream that replays `output` and records what was written. With `eof_after_close`
/// its end comes only once the writer half-closed, as a container reading stdin ends.
class FakeRawStream final : public client::RawStream {
  public:
    FakeRawStream(std::string output, std::string* written, std::atomic<bool>* closed, bool eof_after_close)
        : output_(std::move(output)), written_(written), closed_(closed), eof_after_close_(eof_after_close) {}
    std::size_t Read(std::span<char> buffer) override {
        while (output_.empty() && eof_after_close_ && !closed_->load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const std::size_t count = std::min(buffer.size(), output_.size());
        std::copy_n(output_.begin(), count, buffer.begin());
        output_.erase(0, count);
        return count;
    }
    void Write(std::string_view data) override { written_->append(data); }
    void CloseWrite() override { *closed_ = true; }

  private:
    std::string output_;
    std::string* written_;
    std::atomic<bool>* closed_;
    bool eof_after_close_;
};

/// A wait that answers at once.
class FakePendingWait final : public client::PendingWait {
  public:
    explicit FakePendingWait(nlohmann::json result) : result_(std::move(result)) {}
    nlohmann::json Result() override { return result_; }

  private:
    nlohmann::json result_;
};

class FakeComposeEngine final : public client::EngineApi {
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
    /// Called with each call's text after it is recorded, outside the fake's lock (tests use it
    /// to hold calls until others arrive).
    std::function<void(const std::string& call)> on_call;
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
    void ImagePull(std::string_view ref, std::string_view platform, const client::JsonCallback& on_message) override {
        Reply("ImagePull", std::string(ref) + Arg(" platform=", platform));
        Stream("ImagePull", on_message);
    }

    /// Create bodies, in call order.
    std::vector<nlohmann::json> created;
    /// Output chunks ContainerLogs delivers for a container id (or "" for any), with their stream.
    std::map<std::string, std::vector<std::pair<client::StdStream, std::string>>> log_chunks;

    nlohmann::json ContainerCreate(std::string_view name,
                                   std::string_view platform,
                                   const nlohmann::json& body) override {
        created.push_back(body);
        Record("ContainerCreate " + body.value("Image", "") + Arg(" name=", name) + Arg(" platform=", platform));
        // A "pull" error key fails only the first create, as a missing image does.
        if (const auto once = errors.find("ContainerCreate once"); once != errors.end()) {
            const Error error = once->second;
            errors.erase(once);
            throw error;
        }
        return Lookup("ContainerCreate", body.value("Image", ""));
    }
    void ContainerStart(std::string_view id) override { Reply("ContainerStart", std::string(id)); }
    void ContainerStop(std::string_view id, std::optional<int> timeout, std::string_view signal) override {
        Reply("ContainerStop", std::string(id) + TimeoutArg(timeout) + Arg(" signal=", signal));
    }
    void ContainerRestart(std::string_view id, std::optional<int> timeout, std::string_view signal) override {
        Reply("ContainerRestart", std::string(id) + TimeoutArg(timeout) + Arg(" signal=", signal));
    }
    void ContainerKill(std::string_view id, std::string_view signal) override {
        Reply("ContainerKill", std::string(id) + Arg(" signal=", signal));
    }
    void ContainerPause(std::string_view id) override { Reply("ContainerPause", std::string(id)); }
    void ContainerUnpause(std::string_view id) override { Reply("ContainerUnpause", std::string(id)); }
    nlohmann::json ContainerWait(std::string_view id, std::string_view condition) override {
        Record("ContainerWait " + std::string(id) + Arg(" condition=", condition));
        return Lookup("ContainerWait", std::string(id));
    }
    void ContainerRemove(std::string_view id, bool force, bool volumes) override {
        Record("ContainerRemove " + std::string(id) + " force=" + std::to_string(force) +
               " v=" + std::to_string(volumes));
        Lookup("ContainerRemove", std::string(id));
    }
    nlohmann::json ContainerInspect(std::string_view id, bool size) override {
        Record("ContainerInspect " + std::string(id) + (size ? " size" : ""));
        return Lookup("ContainerInspect", std::string(id));
    }
    nlohmann::json ContainerList(const client::ContainerListOptions& options) override {
        Record("ContainerList all=" + std::to_string(options.all) + " limit=" + std::to_string(options.limit) +
               " size=" + std::to_string(options.size) + " filters=" + client::EncodeFilters(options.filters));
        return Lookup("ContainerList", "");
    }
    void ContainerLogs(std::string_view id,
                       const client::LogsOptions& options,
                       bool tty,
                       const client::OutputCallback& on_output) override {
        Record("ContainerLogs " + std::string(id) + " follow=" + std::to_string(options.follow) +
               " stdout=" + std::to_string(options.stdout_stream) + " stderr=" + std::to_string(options.stderr_stream) +
               " timestamps=" + std::to_string(options.timestamps) + " details=" + std::to_string(options.details) +
               " since=" + options.since + " until=" + options.until + " tail=" + options.tail +
               " tty=" + std::to_string(tty));
        Lookup("ContainerLogs", std::string(id));
        auto chunks = log_chunks.find(std::string(id));
        if (chunks == log_chunks.end()) {
            chunks = log_chunks.find("");
        }
        if (chunks == log_chunks.end()) {
            return;
        }
        for (const auto& [stream, data] : chunks->second) {
            if (!on_output(stream, data)) {
                return;
            }
        }
    }
    void ContainerRename(std::string_view id, std::string_view new_name) override {
        Reply("ContainerRename", std::string(id) + " " + std::string(new_name));
    }
    nlohmann::json ContainerTop(std::string_view id, std::string_view ps_args) override {
        Record("ContainerTop " + std::string(id) + Arg(" ps_args=", ps_args));
        return Lookup("ContainerTop", std::string(id));
    }
    nlohmann::json ContainerChanges(std::string_view id) override { return Reply("ContainerChanges", std::string(id)); }
    /// What attach and exec start streams replay, and what was written to them.
    std::string attach_output;
    std::string attach_input;
    std::atomic<bool> attach_closed = false;
    bool eof_after_close = false;

    std::unique_ptr<client::RawStream> ContainerAttach(std::string_view id,
                                                       const client::AttachOptions& options) override {
        Record("ContainerAttach " + std::string(id) + " stdin=" + std::to_string(options.stdin_stream) +
               " stdout=" + std::to_string(options.stdout_stream) + " stderr=" + std::to_string(options.stderr_stream) +
               Arg(" detachKeys=", options.detach_keys));
        Lookup("ContainerAttach", std::string(id));
        return std::make_unique<FakeRawStream>(attach_output, &attach_input, &attach_closed, eof_after_close);
    }
    std::unique_ptr<client::PendingWait> ContainerWaitBegin(std::string_view id, std::string_view condition) override {
        Record("ContainerWaitBegin " + std::string(id) + Arg(" condition=", condition));
        return std::make_unique<FakePendingWait>(Lookup("ContainerWait", std::string(id)));
    }
    void ContainerResize(std::string_view id, int height, int width) override {
        Reply("ContainerResize", std::string(id) + " " + std::to_string(height) + "x" + std::to_string(width));
    }
    nlohmann::json ExecCreate(std::string_view id, const nlohmann::json& body) override {
        Record("ExecCreate " + std::string(id) + " " + body.dump());
        return Lookup("ExecCreate", std::string(id));
    }
    std::unique_ptr<client::RawStream> ExecStart(std::string_view exec_id, bool detach, bool tty) override {
        Record("ExecStart " + std::string(exec_id) + " detach=" + std::to_string(detach) +
               " tty=" + std::to_string(tty));
        Lookup("ExecStart", std::string(exec_id));
        if (detach) {
            return nullptr;
        }
        return std::make_unique<FakeRawStream>(attach_output, &attach_input, &attach_closed, eof_after_close);
    }
    nlohmann::json ExecInspect(std::string_view exec_id) override { return Reply("ExecInspect", std::string(exec_id)); }
    void ExecResize(std::string_view exec_id, int height, int width) override {
        Reply("ExecResize", std::string(exec_id) + " " + std::to_string(height) + "x" + std::to_string(width));
    }
    /// Bytes ContainerExport and ContainerArchiveGet deliver.
    std::string archive_content = "TARBYTES";

    void ContainerExport(std::string_view id, int output_fd) override {
        Reply("ContainerExport", std::string(id));
        if (write(output_fd, archive_content.data(), archive_content.size()) !=
            static_cast<ssize_t>(archive_content.size())) {
            throw Error(Errc::kInternal, "short write");
        }
    }
    nlohmann::json ContainerArchiveGet(std::string_view id,
                                       std::string_view path,
                                       const client::DataCallback& on_data) override {
        const nlohmann::json stat = Reply("ContainerArchiveGet", std::string(id) + " " + std::string(path));
        on_data(archive_content);
        return stat;
    }
    nlohmann::json ContainerArchiveStat(std::string_view id, std::string_view path) override {
        return Reply("ContainerArchiveStat", std::string(id) + " " + std::string(path));
    }
    void ContainerArchivePut(std::string_view id,
                             std::string_view path,
                             int input_fd,
                             bool no_overwrite_dir_non_dir,
                             bool copy_uid_gid) override {
        Record("ContainerArchivePut " + std::string(id) + " " + std::string(path) + " noOverwriteDirNonDir=" +
               std::to_string(no_overwrite_dir_non_dir) + " copyUIDGID=" + std::to_string(copy_uid_gid));
        Lookup("ContainerArchivePut", std::string(id));
        ReadAll(input_fd);
    }
    void ContainerStats(std::string_view id, bool stream, const client::JsonCallback& on_stats) override {
        Record("ContainerStats " + std::string(id) + " stream=" + std::to_string(stream));
        Lookup("ContainerStats", std::string(id));
        Stream("ContainerStats " + std::string(id), on_stats);
    }
    nlohmann::json ContainerPrune(const api::Filters& filters) override {
        Record("ContainerPrune filters=" + client::EncodeFilters(filters));
        return Lookup("ContainerPrune", "");
    }

    nlohmann::json NetworkList(const api::Filters& filters) override {
        Record("NetworkList filters=" + client::EncodeFilters(filters));
        return Lookup("NetworkList", "");
    }
    nlohmann::json NetworkInspect(std::string_view id, bool verbose) override {
        Record("NetworkInspect " + std::string(id) + (verbose ? " verbose" : ""));
        return Lookup("NetworkInspect", std::string(id));
    }
    nlohmann::json NetworkCreate(const nlohmann::json& body) override {
        Record("NetworkCreate " + body.dump());
        return Lookup("NetworkCreate", body.value("Name", ""));
    }
    void NetworkRemove(std::string_view id) override { Reply("NetworkRemove", std::string(id)); }
    void NetworkConnect(std::string_view id, const nlohmann::json& body) override {
        Record("NetworkConnect " + std::string(id) + " " + body.dump());
        Lookup("NetworkConnect", std::string(id));
    }
    void NetworkDisconnect(std::string_view id, std::string_view container, bool force) override {
        Record("NetworkDisconnect " + std::string(id) + " " + std::string(container) +
               " force=" + std::to_string(force));
        Lookup("NetworkDisconnect", std::string(id));
    }
    nlohmann::json NetworkPrune(const api::Filters& filters) override {
        Record("NetworkPrune filters=" + client::EncodeFilters(filters));
        return Lookup("NetworkPrune", "");
    }
    nlohmann::json BuildCachePrune(bool all, const api::Filters& filters) override {
        Record("BuildCachePrune all=" + std::to_string(all) + " filters=" + client::EncodeFilters(filters));
        return Lookup("BuildCachePrune", "");
    }
    nlohmann::json VolumeCreate(const nlohmann::json& body) override {
        Record("VolumeCreate " + body.dump());
        return Lookup("VolumeCreate", body.value("Name", ""));
    }
    nlohmann::json VolumeList(const api::Filters& filters) override {
        Record("VolumeList filters=" + client::EncodeFilters(filters));
        return Lookup("VolumeList", "");
    }
    nlohmann::json VolumeInspect(std::string_view name) override { return Reply("VolumeInspect", std::string(name)); }
    void VolumeRemove(std::string_view name, bool force) override {
        Record("VolumeRemove " + std::string(name) + " force=" + std::to_string(force));
        Lookup("VolumeRemove", std::string(name));
    }
    nlohmann::json VolumePrune(const api::Filters& filters) override {
        Record("VolumePrune filters=" + client::EncodeFilters(filters));
        return Lookup("VolumePrune", "");
    }

    /// The calls whose text starts with `prefix`, in order.
    std::vector<std::string> CallsStartingWith(std::string_view prefix) {
        std::lock_guard lock(mutex_);
        std::vector<std::string> result;
        for (const std::string& call : calls) {
            if (call.starts_with(prefix)) {
                result.push_back(call);
            }
        }
        return result;
    }

  private:
    std::mutex mutex_;

    static std::string Arg(std::string_view key, std::string_view value) {
        return value.empty() ? "" : std::string(key) + std::string(value);
    }
    static std::string TimeoutArg(std::optional<int> timeout) {
        return timeout ? " t=" + std::to_string(*timeout) : "";
    }
    void Record(std::string call) {
        {
            std::lock_guard lock(mutex_);
            calls.push_back(call);
        }
        if (on_call) {
            on_call(call);
        }
    }

    nlohmann::json Lookup(const std::string& method, const std::string& arg) {
        std::lock_guard lock(mutex_);
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
        std::vector<nlohmann::json> messages;
        {
            std::lock_guard lock(mutex_);
            messages = streams[method];
        }
        for (const nlohmann::json& message : messages) {
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

}  // namespace compose::cli::testing
