#include "engine/daemon/archive_routes.hpp"

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <system_error>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/image/archive_extract.hpp"
#include "engine/image/archive_reader.hpp"
#include "engine/image/archive_writer.hpp"

namespace engine::daemon {
namespace {

constexpr std::string_view kTarContentType = "application/x-tar";
constexpr std::string_view kJsonContentType = "application/json";
/// moby's streamformatter ends every JSON message with this.
constexpr std::string_view kStreamNewline = "\r\n";

/// A fresh directory for one request, removed with its content when the request ends.
class ScratchDirectory final {
  public:
    explicit ScratchDirectory(const std::filesystem::path& parent) {
        std::string pattern = (parent / "load-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            const int saved_errno = errno;
            ThrowErrno("create a directory in " + parent.string(), saved_errno);
        }
        path_ = pattern;
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

/// moby's JSON message stream: one document per chunk. Once the client is gone nothing more
/// is sent, but the load itself goes on (as moby's does), so images are never half-created.
class MessageStream final {
  public:
    explicit MessageStream(http::ResponseWriter& response) : response_(response) {}

    void Stream(std::string_view text) { Send(nlohmann::ordered_json{{"stream", text}}); }
    /// Fields in the order of moby's JSONMessage struct: errorDetail, then error.
    void Fail(std::string_view message) {
        Send(nlohmann::ordered_json{{"errorDetail", {{"message", message}}}, {"error", message}});
    }

  private:
    void Send(const nlohmann::ordered_json& message) {
        if (alive_) {
            alive_ = response_.WriteChunk(message.dump() + std::string(kStreamNewline));
        }
    }

    http::ResponseWriter& response_;
    bool alive_ = true;
};

void LoadImages(const ArchiveRoutesContext& context, const std::filesystem::path& archive, MessageStream& out) {
    const ScratchDirectory scratch(context.scratch_directory);
    image::ExtractArchive(archive, scratch.path());
    const std::vector<image::ArchiveImage> images = image::ReadImageArchive(scratch.path());
    // moby prints every image ID, but only when the last image had no tag.
    std::string loaded_ids;
    bool last_tagged = false;
    for (const image::ArchiveImage& loaded : images) {
        const image::CreatedImage created =
            context.create_image(loaded.config_json, loaded.layer_files, loaded.repo_tags);
        loaded_ids += "Loaded image ID: " + created.id + "\n";
        for (const image::TagChange& tag : created.tags) {
            if (!tag.previous_id.empty() && tag.previous_id != created.id) {
                out.Stream("The image " + tag.reference + " already exists, renaming the old one with ID " +
                           tag.previous_id + " to empty string\n");
            }
            out.Stream("Loaded image: " + tag.reference + "\n");
        }
        last_tagged = !created.tags.empty();
        context.emit_event("load", created.id, {{"name", created.id}});
    }
    if (!last_tagged && !loaded_ids.empty()) {
        out.Stream(loaded_ids);
    }
}

void HandleLoad(const ArchiveRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    // `quiet` needs no reading: it only silences moby's "Loading layer" progress bars, and the
    // image store reports no progress to draw them from.
    response.BeginStream(200, kJsonContentType);
    MessageStream out(response);
    try {
        if (request.http.body_file.empty()) {
            throw Error(Errc::kInvalidArgument, "the request has no body: send the image archive");
        }
        LoadImages(context, request.http.body_file, out);
    } catch (const Error& error) {
        out.Fail(error.Wrap("load").what());
    } catch (const std::exception& error) {
        out.Fail(std::string("load: ") + error.what());
    }
    if (!response.Cancelled()) {
        response.EndStream();
    }
}

std::vector<image::SaveImage> ToSaveImages(const std::vector<image::ImageExport>& exports) {
    std::vector<image::SaveImage> images;
    images.reserve(exports.size());
    for (const image::ImageExport& exported : exports) {
        image::SaveImage& saved = images.emplace_back();
        saved.config_json = exported.config_json;
        saved.repo_tags = exported.repo_tags;
        for (const image::ExportLayer& layer : exported.layers) {
            saved.layers.push_back({layer.diff_id, layer.tar_path, layer.size});
        }
    }
    return images;
}

void HandleSave(const ArchiveRoutesContext& context, std::vector<std::string> names, http::ResponseWriter& response) {
    // Resolved before the reply starts, so an unknown name is a plain 404.
    const std::vector<image::ImageExport> exports = context.export_images(names);
    const std::vector<image::SaveImage> images = ToSaveImages(exports);
    response.BeginStream(200, kTarContentType);
    image::WriteImageArchive(images, [&response](std::string_view bytes) {
        if (!response.WriteChunk(bytes)) {
            throw Error(Errc::kUnavailable, "save: the client went away");
        }
    });
    response.EndStream();
    for (const image::ImageExport& exported : exports) {
        context.emit_event("save", exported.image_id, {{"name", exported.image_id}});
    }
}

}  // namespace

void AddArchiveRoutes(Router& router, ArchiveRoutesContext context) {
    const auto shared = std::make_shared<const ArchiveRoutesContext>(std::move(context));
    router.Add(
        "POST",
        "/images/load",
        [shared](ApiRequest& request, http::ResponseWriter& response) { HandleLoad(*shared, request, response); },
        kUploadBody);
    router.Add("GET", "/images/get", [shared](ApiRequest& request, http::ResponseWriter& response) {
        HandleSave(*shared, request.query.GetAll("names"), response);
    });
    router.Add("GET", "/images/{name:.*}/get", [shared](ApiRequest& request, http::ResponseWriter& response) {
        HandleSave(*shared, {request.Param("name")}, response);
    });
}

}  // namespace engine::daemon
