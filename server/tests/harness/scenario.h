// Data-driven API scenarios (server/tests/api/*.scenario). A file is a list of blocks:
//
//   ### create an organisation              <- a step and its name
//   AS warroom_admin                         <- who sends it: a role, role@<nis|external id>,
//                                               or anonymous; the user is signed in for real
//   POST /api/organisations                  <- method and path
//   If-Match: ${org_etag}                    <- optional headers (Name: value)
//   {"kind": "municipality", "name_nl": "X"} <- optional JSON body, may span lines
//   EXPECT 201                               <- the status
//   {"name_nl": "X"}                         <- optional JSON the response must contain
//   $org = $.id                              <- captures: a JSON path ($.a.b[0].c) ...
//   $org_etag = header ETag                  <- ... or a response header
//
// `${name}` is replaced by a captured value anywhere after the capture; `${org:99001}`
// by the id of the organisation with that NIS code or external id, `${person:ext-id}`
// by a person's id, `${unique}` by a string unique in the run. In the expected JSON an
// object matches when every key matches, an array when each expected element matches
// some element, and the string "*" matches any value that is present. Lines starting
// with `#` (but not `###`) are comments.
#pragma once

#include <string>

#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {

// Runs every block of the file in order; reports each mismatch as a test failure with
// the file and line. Returns the number of blocks run.
int RunScenarioFile(TestServer& server, const std::string& path);

// True when `actual` contains `expected` as described above; `where` gets the JSON
// pointer of the first mismatch.
bool JsonContains(const nlohmann::json& actual, const nlohmann::json& expected, std::string& where);

}  // namespace warroom::apitest
