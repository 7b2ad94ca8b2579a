#include "engine/daemon/host_facts.hpp"

#include <fstream>

#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace engine::daemon {
namespace {

// The value of KEY="value" or KEY=value in an os-release file.
std::string OsReleaseValue(const std::string& key) {
    for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.starts_with(key + "=")) {
                continue;
            }
            std::string value = line.substr(key.size() + 1);
            if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
                value = value.substr(1, value.size() - 2);
            }
            return value;
        }
    }
    return "";
}

}  // namespace

HostFacts ReadHostFacts() {
    HostFacts facts;
    struct utsname names {};
    if (uname(&names) == 0) {
        facts.kernel_version = names.release;
        facts.architecture = names.machine;
        facts.hostname = names.nodename;
    }
    facts.operating_system = OsReleaseValue("PRETTY_NAME");
    facts.os_version = OsReleaseValue("VERSION_ID");
    facts.cpu_count = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
    struct sysinfo info {};
    if (sysinfo(&info) == 0) {
        facts.memory_bytes = static_cast<std::int64_t>(info.totalram) * info.mem_unit;
    }
    struct statfs cgroup_fs {};
    if (statfs("/sys/fs/cgroup", &cgroup_fs) == 0 && cgroup_fs.f_type == CGROUP2_SUPER_MAGIC) {
        facts.cgroup_version = 2;
    }
    return facts;
}

std::string GoArchitecture(const std::string& machine) {
    if (machine == "x86_64") {
        return "amd64";
    }
    if (machine == "aarch64") {
        return "arm64";
    }
    if (machine == "i686" || machine == "i386") {
        return "386";
    }
    return machine;
}

}  // namespace engine::daemon
