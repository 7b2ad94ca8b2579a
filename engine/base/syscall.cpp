#include "engine/base/syscall.hpp"

#include <string>
#include <system_error>

#include "engine/base/error.hpp"

namespace engine {
namespace {

Errc ErrcForErrno(int saved_errno) {
    switch (saved_errno) {
        case ENOENT:
        case ENOTDIR:
            return Errc::kNotFound;
        case EEXIST:
            return Errc::kAlreadyExists;
        case EINVAL:
        case ENAMETOOLONG:
            return Errc::kInvalidArgument;
        case EBUSY:
        case ENOTEMPTY:
            return Errc::kConflict;
        case EAGAIN:
        case ENOSPC:
        case EDQUOT:
            // Retrying later (or after freeing space) can succeed: not a bug in the caller.
            return Errc::kUnavailable;
        default:
            return Errc::kInternal;
    }
}

}  // namespace

void ThrowErrno(std::string_view what, int saved_errno) {
    // std::system_category().message is strerror's text without strerror's shared buffer.
    throw Error(ErrcForErrno(saved_errno), std::string(what) + ": " + std::system_category().message(saved_errno));
}

}  // namespace engine
