#pragma once

#include <cerrno>
#include <string_view>

namespace engine {

/// Throws Error for a failed call: the category comes from `saved_errno` (ENOENT → kNotFound,
/// EEXIST → kAlreadyExists, ...), the message is "<what>: <strerror>", for example
/// "open /var/lib/x: No such file or directory". `what` names the operation and the object.
[[noreturn]] void ThrowErrno(std::string_view what, int saved_errno);

/// Returns `ret` unless it is -1, in which case errno is saved before anything else can
/// clobber it and ThrowErrno(what, errno) is thrown. Use directly around a POSIX call:
/// `int fd = CheckSyscall(open(...), "open " + path.string());`
template <typename T>
T CheckSyscall(T ret, std::string_view what) {
    if (ret == -1) {
        const int saved_errno = errno;
        ThrowErrno(what, saved_errno);
    }
    return ret;
}

}  // namespace engine
