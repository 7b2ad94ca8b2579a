#include "engine/daemon/image_routes.hpp"

#include <chrono>

#include "engine/api/error_response.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/image_filters.hpp"
#include "engine/daemon/image_json.hpp"
#include "engine/image/reference.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

// moby's streamformatter ends every JSON message with "\r\n".
constexpr std::string_view kStreamNewline = "\r\n";

image::UnixNanos Now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void EmitDeleteEvents(const ImageRoutesContext& context, const std::vector<image::DeleteRecord>& records) {
    for (const image::DeleteRecord& record : records) {
        if (!record.untagged.empty()) {
            EmitImageEvent(context, "untag", record.image_id, record.image_id);
        } else if (!record.is_layer) {
            EmitImageEvent(context, "delete", record.image_id, record.image_id);
        }
    }
}

// Replies with a JSON-message stream, as moby's image create does once it has output.
void SendMessages(http::ResponseWriter& response, const std::vector<json>& messages) {
    response.BeginStream(200, api::kJsonContentType);
    for (const json& message : messages) {
        if (!response.WriteChunk(message.dump() + std::string(kStreamNewline))) {
            return;
        }
    }
    response.EndStream();
}

// "os[/arch[/variant]]" of the platform parameter; only linux images run here.
void ApplyPlatform(const std::string& platform, image::ImportOptions* options) {
    if (platform.empty()) {
        return;
    }
    const std::size_t first = platform.find('/');
    const std::size_t second = first == std::string::npos ? std::string::npos : platform.find('/', first + 1);
    options->os = platform.substr(0, first);
    if (options->os != "linux") {
        throw Error(Errc::kInvalidArgument, "invalid platform \"" + platform + "\": only linux images are supported");
    }
    if (first != std::string::npos) {
        options->architecture = platform.substr(first + 1, second - first - 1);
    }
    if (second != std::string::npos) {
        options->variant = platform.substr(second + 1);
    }
}

void HandleImport(ImageRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    if (request.http.body_file.empty()) {
        throw Error(Errc::kInvalidArgument, "import: send the root filesystem tar as the request body");
    }
    image::ImportOptions options;
    options.repository = request.query.Get("repo");
    options.tag = request.query.Get("tag");
    options.changes = request.query.GetAll("changes");
    options.message = request.query.Get("message");
    options.architecture = context.default_architecture;
    ApplyPlatform(request.query.Get("platform"), &options);
    const image::CreatedImage created = context.images.Import(request.http.body_file, options);
    for (const image::TagChange& tag : created.tags) {
        EmitImageEvent(context, "tag", created.id, tag.reference);
    }
    EmitImageEvent(context, "import", created.id, created.id);
    SendMessages(response, {json{{"status", created.id}}});
}

// There is no registry client yet: a pull succeeds only for what is already here.
void HandlePull(ImageRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    image::Reference reference = image::ParseReference(request.query.Get("fromImage"));
    const std::string tag = request.query.Get("tag");
    if (tag.starts_with("sha256:")) {
        reference.tag.clear();
        reference.digest = tag;
    } else if (!tag.empty()) {
        reference.tag = tag;
    }
    reference = image::WithDefaultTag(std::move(reference));
    try {
        context.images.Resolve(reference.String());
    } catch (const Error& error) {
        if (error.code() != Errc::kNotFound) {
            throw;
        }
        const std::string message = "cannot pull " + reference.Familiar() +
                                    ": no registry is configured in this Berth engine; load the image from a file "
                                    "(berth image load / docker load -i FILE) or import a root filesystem "
                                    "(berth image import / docker import FILE " +
                                    reference.Familiar() + ")";
        SendMessages(response, {json{{"errorDetail", {{"message", message}}}, {"error", message}}});
        return;
    }
    SendMessages(response,
                 {json{{"status", "Pulling from " + reference.path},
                       {"id", reference.tag.empty() ? reference.digest : reference.tag}},
                  json{{"status", "Status: Image is up to date for " + reference.Familiar()}}});
}

void HandleCreate(ImageRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string from_src = request.query.Get("fromSrc");
    if (!request.query.Get("fromImage").empty()) {
        HandlePull(context, request, response);
    } else if (from_src == "-") {
        HandleImport(context, request, response);
    } else if (!from_src.empty()) {
        throw Error(Errc::kInvalidArgument,
                    "importing from a URL is not supported by Berth: download the file and import it from there "
                    "(curl -fsSL URL | docker import - REPOSITORY[:TAG])");
    } else {
        throw Error(Errc::kInvalidArgument, "image create needs fromImage (pull) or fromSrc=- (import)");
    }
}

void HandleDelete(ImageRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const image::DeleteOptions options{.force = request.query.BoolValue("force"),
                                       .prune_parents = !request.query.BoolValue("noprune")};
    const std::vector<image::DeleteRecord> records =
        context.images.Delete(request.Param("name"), options, context.container_uses);
    EmitDeleteEvents(context, records);
    SendJson(response, 200, DeleteRecordsJson(records));
}

void HandlePrune(ImageRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const image::PruneOptions options = ImagePruneOptions(api::ParseFilters(request.query.Get("filters")), Now());
    const image::PruneReport report = context.images.Prune(options, context.container_uses);
    EmitDeleteEvents(context, report.deleted);
    if (context.emit_event) {
        context.emit_event("prune", "", {{"reclaimed", std::to_string(report.space_reclaimed)}});
    }
    SendJson(response, 200, PruneReportJson(report));
}

}  // namespace

void EmitImageEvent(const ImageRoutesContext& context,
                    const std::string& action,
                    const std::string& image_id,
                    const std::string& name) {
    if (!context.emit_event) {
        return;
    }
    std::map<std::string, std::string> attributes;
    try {
        for (const auto& [key, value] : context.images.Inspect(image_id).labels) {
            attributes[key] = value;
        }
    } catch (const Error&) {
        // deleted already: the event carries the name only, as moby's does
    }
    attributes["name"] = name;
    context.emit_event(action, image_id, std::move(attributes));
}

json ImageDiskUsage(const ImageRoutesContext& context) {
    return DiskUsageJson(context.images.GetDiskUsage(context.container_uses));
}

void AddImageRoutes(Router& router, ImageRoutesContext& context) {
    router.Add("GET", "/images/json", [&context](ApiRequest& request, http::ResponseWriter& response) {
        json list = json::array();
        for (const image::ImageDetails& details : context.images.List(ImageListOptions(request.query))) {
            list.push_back(ImageSummaryJson(details));
        }
        SendJson(response, 200, list);
    });
    router.Add("GET", "/images/{name:.*}/json", [&context](ApiRequest& request, http::ResponseWriter& response) {
        SendJson(
            response, 200, ImageInspectJson(context.images.Inspect(request.Param("name")), context.images.layers()));
    });
    router.Add("GET", "/images/{name:.*}/history", [&context](ApiRequest& request, http::ResponseWriter& response) {
        SendJson(response, 200, HistoryJson(context.images.History(request.Param("name"))));
    });
    router.Add("POST", "/images/{name:.*}/tag", [&context](ApiRequest& request, http::ResponseWriter& response) {
        const image::TagChange change =
            context.images.Tag(request.Param("name"), request.query.Get("repo"), request.query.Get("tag"));
        EmitImageEvent(context, "tag", context.images.Resolve(change.reference), change.reference);
        response.Send(201, "", "");
    });
    router.Add("DELETE", "/images/{name:.*}", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleDelete(context, request, response);
    });
    router.Add(
        "POST",
        "/images/create",
        [&context](ApiRequest& request, http::ResponseWriter& response) { HandleCreate(context, request, response); },
        kUploadBody);
    router.Add("POST", "/images/prune", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandlePrune(context, request, response);
    });
}

}  // namespace engine::daemon
