#include "engine/base/error.hpp"

namespace engine {

std::string_view ErrcName(Errc code) {
    switch (code) {
        case Errc::kNotFound:
            return "not found";
        case Errc::kAlreadyExists:
            return "already exists";
        case Errc::kInvalidArgument:
            return "invalid argument";
        case Errc::kConflict:
            return "conflict";
        case Errc::kUnavailable:
            return "unavailable";
        case Errc::kInternal:
            return "internal error";
    }
    return "unknown error";
}

}  // namespace engine
