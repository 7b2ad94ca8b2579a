#pragma once

#include <string>

#include "engine/volume/volume.hpp"

namespace engine::volume {

/// The on-disk record of a volume (its volume.json): every field of Volume but the mountpoint,
/// which follows from where the record is. Compact JSON.
std::string EncodeVolumeRecord(const Volume& volume);

/// The Volume in a record's text, `mountpoint` left empty. Throws Error(kInvalidArgument)
/// naming what is wrong when the text is not such a record.
Volume DecodeVolumeRecord(const std::string& text);

}  // namespace engine::volume
