#include "engine/image/layer_store.hpp"

#include <algorithm>
#include <system_error>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/base/syscall.hpp"
#include "engine/image/layer_unpack.hpp"

namespace engine::image {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempPrefix = ".tmp-";
constexpr std::string_view kTrashPrefix = ".trash-";
constexpr std::string_view kMetadataFile = "metadata.json";

nlohmann::json MetadataJson(const LayerInfo& info) {
    nlohmann::json json = {
        {"diff_id", info.diff_id.String()},
        {"chain_id", info.chain_id.String()},
        {"size", info.size},
        {"tar_size", info.tar_size},
    };
    if (info.parent) {
        json["parent"] = info.parent->String();
    }
    return json;
}

LayerInfo ParseMetadata(const fs::path& file) {
    try {
        const nlohmann::json json = nlohmann::json::parse(ReadFile(file));
        LayerInfo info{Digest::Parse(json.at("diff_id").get<std::string>()),
                       Digest::Parse(json.at("chain_id").get<std::string>()),
                       std::nullopt,
                       json.at("size").get<std::uint64_t>(),
                       json.at("tar_size").get<std::uint64_t>()};
        if (json.contains("parent")) {
            info.parent = Digest::Parse(json.at("parent").get<std::string>());
        }
        return info;
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInternal, "layer metadata " + file.string() + ": " + error.what());
    }
}

// Makes everything written below `directory` durable with one syncfs instead of an fsync per
// file: a layer can hold thousands of files.
void SyncFilesystemOf(const fs::path& directory) {
    const int fd =
        CheckSyscall(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), "open " + directory.string());
    const int status = ::syncfs(fd);
    const int saved_errno = errno;
    ::close(fd);
    if (status != 0) {
        ThrowErrno("syncfs " + directory.string(), saved_errno);
    }
}

}  // namespace

Digest ChainId(const std::optional<Digest>& parent, const Digest& diff_id) {
    if (!parent) {
        return diff_id;
    }
    return Sha256Of(parent->String() + " " + diff_id.String());
}

std::vector<Digest> ChainIds(std::span<const Digest> diff_ids) {
    std::vector<Digest> chain;
    std::optional<Digest> parent;
    for (const Digest& diff_id : diff_ids) {
        parent = ChainId(parent, diff_id);
        chain.push_back(*parent);
    }
    return chain;
}

LayerStore::LayerStore(fs::path root, FileContentStore& content)
    : layers_dir_(std::move(root) / "layers"), content_(content) {
    fs::create_directories(layers_dir_);
    for (const fs::directory_entry& entry : fs::directory_iterator(layers_dir_)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(kTempPrefix) || name.starts_with(kTrashPrefix)) {
            RemoveTree(entry.path());
        }
    }
}

fs::path LayerStore::LayerDirectory(const Digest& chain_id) const {
    return layers_dir_ / chain_id.hex();
}

LayerInfo LayerStore::Register(const fs::path& tar_file, const std::optional<Digest>& parent) {
    try {
        if (parent && !Get(*parent)) {
            throw Error(Errc::kNotFound, "parent layer " + parent->String() + " is not registered");
        }
        // The diff ID is only known once the whole tar went through, so the uncompressed tar is
        // stored first; identical content lands on the same blob.
        std::unique_ptr<ContentWriter> writer = content_.NewWriter();
        DecompressInto(tar_file, *writer);
        const Digest diff_id = writer->Commit();
        const Digest chain_id = ChainId(parent, diff_id);
        const std::lock_guard lock(mutex_);
        if (std::optional<LayerInfo> existing = Get(chain_id)) {
            return *existing;
        }
        return Unpack(diff_id, chain_id, parent);
    } catch (const Error& error) {
        throw error.Wrap("register layer " + tar_file.string());
    }
}

LayerInfo LayerStore::Unpack(const Digest& diff_id, const Digest& chain_id, const std::optional<Digest>& parent) {
    const fs::path temp = layers_dir_ / (std::string(kTempPrefix) + RandomHex(8));
    try {
        fs::create_directories(temp / "diff");
        UnpackLayer(content_.Path(diff_id), temp / "diff");
        const LayerInfo info{diff_id, chain_id, parent, DirectorySize(temp / "diff"), content_.Size(diff_id)};
        WriteFileAtomically(temp / kMetadataFile, MetadataJson(info).dump() + "\n");
        SyncFilesystemOf(temp);
        const fs::path target = LayerDirectory(chain_id);
        CheckSyscall(::rename(temp.c_str(), target.c_str()), "rename " + temp.string() + " to " + target.string());
        FsyncDirectory(layers_dir_);
        return info;
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(temp, ignored);  // what remains is retried when the store is next opened
        throw;
    }
}

std::optional<LayerInfo> LayerStore::Get(const Digest& chain_id) const {
    const fs::path metadata = LayerDirectory(chain_id) / kMetadataFile;
    std::error_code error;
    if (!fs::exists(metadata, error)) {
        return std::nullopt;
    }
    return ParseMetadata(metadata);
}

std::vector<LayerInfo> LayerStore::List() const {
    std::vector<LayerInfo> layers;
    for (const fs::directory_entry& entry : fs::directory_iterator(layers_dir_)) {
        const std::string name = entry.path().filename().string();
        if (IsObjectId(name)) {
            if (std::optional<LayerInfo> info = Get(Digest::FromSha256Hex(name))) {
                layers.push_back(*info);
            }
        }
    }
    std::sort(layers.begin(), layers.end(), [](const LayerInfo& a, const LayerInfo& b) {
        return a.chain_id.hex() < b.chain_id.hex();
    });
    return layers;
}

void LayerStore::Delete(const Digest& chain_id) {
    const std::lock_guard lock(mutex_);
    if (!Get(chain_id)) {
        throw Error(Errc::kNotFound, "layer " + chain_id.String() + ": not found");
    }
    // The rename unregisters the layer atomically; the slow removal may then fail or be cut
    // short without leaving a half-deleted layer that looks registered.
    const fs::path source = LayerDirectory(chain_id);
    const fs::path trash = layers_dir_ / (std::string(kTrashPrefix) + RandomHex(8));
    CheckSyscall(::rename(source.c_str(), trash.c_str()), "rename " + source.string() + " to " + trash.string());
    FsyncDirectory(layers_dir_);
    RemoveTree(trash);
}

void LayerStore::RemoveTree(const fs::path& path) const {
    std::error_code error;
    fs::remove_all(path, error);
    if (!error) {
        return;
    }
    // Without root, directories a layer made read-only block removal of their content.
    for (auto it = fs::recursive_directory_iterator(path, error); !error && it != fs::recursive_directory_iterator();
         it.increment(error)) {
        if (it->is_directory(error) && !it->is_symlink(error)) {
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
        }
    }
    fs::remove_all(path, error);
    if (error) {
        throw Error(Errc::kInternal, "remove " + path.string() + ": " + error.message());
    }
}

}  // namespace engine::image
