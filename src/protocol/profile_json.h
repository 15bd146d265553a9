// A WorkerProfile (core/device.h) as JSON, both ways: register.profile on the
// wire and EncodeProfile/DecodeProfile (codec.h).
#pragma once

#include <string>

#include "core/device.h"
#include "protocol/json_fields.h"

namespace hawk::protocol {

OrderedJson ProfileToJson(const WorkerProfile& profile);

// Reads and validates the profile at `path` ("register.profile"); problems
// go to `reader`.
WorkerProfile ReadProfile(FieldReader& reader, const Json& value, const std::string& path);

}  // namespace hawk::protocol
