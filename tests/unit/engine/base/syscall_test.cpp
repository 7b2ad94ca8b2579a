#include "engine/base/syscall.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/base/error.hpp"

namespace engine {
namespace {

Error Caught(int saved_errno) {
    try {
        ThrowErrno("open /var/lib/x", saved_errno);
    } catch (const Error& e) {
        return e;
    }
    return Error(Errc::kInternal, "not thrown");
}

TEST(Syscall, ErrnoMapsToCategoryAndMessage) {
    EXPECT_EQ(Caught(ENOENT).code(), Errc::kNotFound);
    EXPECT_STREQ(Caught(ENOENT).what(), "open /var/lib/x: No such file or directory");
    EXPECT_EQ(Caught(EEXIST).code(), Errc::kAlreadyExists);
    EXPECT_STREQ(Caught(EEXIST).what(), "open /var/lib/x: File exists");
    EXPECT_EQ(Caught(EINVAL).code(), Errc::kInvalidArgument);
    EXPECT_EQ(Caught(ENOTEMPTY).code(), Errc::kConflict);
    EXPECT_EQ(Caught(ENOSPC).code(), Errc::kUnavailable);
    EXPECT_EQ(Caught(EACCES).code(), Errc::kInternal);
    EXPECT_STREQ(Caught(EACCES).what(), "open /var/lib/x: Permission denied");
}

TEST(Syscall, CheckSyscallPassesResultsAndThrowsOnMinusOne) {
    const int fd = CheckSyscall(::open("/dev/null", O_RDONLY | O_CLOEXEC), "open /dev/null");
    EXPECT_GE(fd, 0);
    ::close(fd);
    try {
        CheckSyscall(::open("/nonexistent/y", O_RDONLY | O_CLOEXEC), "open /nonexistent/y");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kNotFound);
        EXPECT_STREQ(e.what(), "open /nonexistent/y: No such file or directory");
    }
}

}  // namespace
}  // namespace engine
