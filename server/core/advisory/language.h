// Which language version of an advisory a recipient gets.
#pragma once

#include <optional>
#include <span>

#include "server/core/directory/model.h"

namespace warroom::core::advisory {

// Returns the version to send to someone who prefers `preferred` (nullopt: no preference),
// given the languages in which the advisory exists: the preferred one when it exists, else
// Dutch, else the first of French, English, German that exists. Returns nullopt only when
// `available` is empty.
std::optional<Language> PickLanguage(std::optional<Language> preferred,
                                     std::span<const Language> available);

}  // namespace warroom::core::advisory
