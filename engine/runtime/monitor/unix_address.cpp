#include "engine/runtime/monitor/unix_address.hpp"

#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::runtime {
namespace {

void SetPath(sockaddr_un& address, const std::string& text) {
    if (text.size() >= sizeof address.sun_path) {
        throw Error(
            Errc::kInvalidArgument,
            "socket name " + text + " is longer than " + std::to_string(sizeof address.sun_path - 1) + " bytes");
    }
    std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
}

}  // namespace

UnixAddress::UnixAddress(const std::filesystem::path& path) : path_(path.string()) {
    address_.sun_family = AF_UNIX;
    if (path_.size() < sizeof address_.sun_path) {
        SetPath(address_, path_);
        return;
    }
    const std::filesystem::path directory = path.parent_path();
    directory_.Reset(CheckSyscall(::open(directory.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC),
                                  "open " + directory.string() + " for a socket"));
    SetPath(address_, "/proc/self/fd/" + std::to_string(directory_.get()) + "/" + path.filename().string());
}

std::string UnixAddress::ForOtherProcess() const {
    if (!directory_.valid()) {
        return path_;
    }
    return "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(directory_.get()) + "/" +
           std::filesystem::path(path_).filename().string();
}

}  // namespace engine::runtime
