#pragma once
// How a model's class is named on screen. A bundle may carry display names
// per language (model.json: classes[i].display_names {"ru": "...", ...});
// otherwise the well-known ChestX-ray14 findings and the synthetic phantom's
// lesion labels have translations of their own; any other class shows its
// name as the bundle spells it.
//
// Threads: GUI thread (uses the installed translators).

#include <QString>
#include <map>
#include <string>

namespace radlens::ui {

class ClassNames {
public:
    /// `displayNames`: the bundle's names by language code (may be empty).
    static QString display(const std::string& name,
                           const std::map<std::string, std::string>& displayNames = {});
};

}  // namespace radlens::ui
