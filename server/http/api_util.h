// Helpers shared by the route files of Api.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/http/message.h"

namespace warroom::http {

// Parses the `{id}` path parameter; std::nullopt when not a positive integer.
std::optional<int64_t> PathId(const Request& r, const std::string& name = "id");

// The version in an If-Match header (W/"7" or "7"). kPreconditionFailed-style errors:
// 428 when missing, 400 when malformed.
Result<int> IfMatchVersion(const Request& r);

// The ETag of a record version.
std::string ETag(int version);

// ?limit= within 1..200 (default 50); kInvalidArgument otherwise.
Result<int> Limit(const Request& r);
// ?limit= within 1..`max` (default `fallback`); kInvalidArgument otherwise.
Result<int> Limit(const Request& r, int fallback, int max);

// A 404 problem for a path parameter that is not a valid id.
Response BadId();

}  // namespace warroom::http
