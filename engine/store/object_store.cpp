#include "engine/store/object_store.hpp"

#include <string>

#include "engine/base/error.hpp"

namespace engine::store {

std::string_view KindDirectory(Kind kind) {
    switch (kind) {
        case Kind::kContainer:
            return "containers";
        case Kind::kNetwork:
            return "networks";
        case Kind::kVolume:
            return "volumes";
        case Kind::kImage:
            return "images";
    }
    throw Error(Errc::kInternal, "unknown object kind " + std::to_string(static_cast<int>(kind)));
}

std::string_view KindNoun(Kind kind) {
    switch (kind) {
        case Kind::kContainer:
            return "container";
        case Kind::kNetwork:
            return "network";
        case Kind::kVolume:
            return "volume";
        case Kind::kImage:
            return "image";
    }
    throw Error(Errc::kInternal, "unknown object kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace engine::store
