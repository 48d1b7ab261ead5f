// What the request log shows for a path that may hold a secret: any segment long enough to
// be a link or API token becomes "{redacted}"; ids and words stay, so an operator still
// sees what was asked for. Used for API paths no route matched (a mistyped
// `/api/account-link/<token>`) and for the web app's pages (`/ack/<token>`).
#pragma once

#include <string>

namespace warroom::http {

std::string RedactedPath(const std::string& path);

}  // namespace warroom::http
