#include "ui/ClassNames.h"

#include <QCoreApplication>

#include "ui/Translations.h"

namespace radlens::ui {

namespace {
// Marked for lupdate; translated at run time in the "ClassNames" context.
[[maybe_unused]] const char* const kKnownClasses[] = {
    QT_TRANSLATE_NOOP("ClassNames", "Atelectasis"),
    QT_TRANSLATE_NOOP("ClassNames", "Cardiomegaly"),
    QT_TRANSLATE_NOOP("ClassNames", "Effusion"),
    QT_TRANSLATE_NOOP("ClassNames", "Infiltration"),
    QT_TRANSLATE_NOOP("ClassNames", "Mass"),
    QT_TRANSLATE_NOOP("ClassNames", "Nodule"),
    QT_TRANSLATE_NOOP("ClassNames", "Pneumonia"),
    QT_TRANSLATE_NOOP("ClassNames", "Pneumothorax"),
    QT_TRANSLATE_NOOP("ClassNames", "Consolidation"),
    QT_TRANSLATE_NOOP("ClassNames", "Edema"),
    QT_TRANSLATE_NOOP("ClassNames", "Emphysema"),
    QT_TRANSLATE_NOOP("ClassNames", "Fibrosis"),
    QT_TRANSLATE_NOOP("ClassNames", "Pleural_Thickening"),
    QT_TRANSLATE_NOOP("ClassNames", "Hernia"),
    QT_TRANSLATE_NOOP("ClassNames", "No Finding"),
    QT_TRANSLATE_NOOP("ClassNames", "nodule"),
    QT_TRANSLATE_NOOP("ClassNames", "mass"),
    QT_TRANSLATE_NOOP("ClassNames", "consolidation"),
    QT_TRANSLATE_NOOP("ClassNames", "lesion"),
};
}  // namespace

QString ClassNames::display(const std::string& name,
                            const std::map<std::string, std::string>& displayNames) {
    const auto it = displayNames.find(Translations::current().toStdString());
    if (it != displayNames.end() && !it->second.empty()) return QString::fromStdString(it->second);
    return QCoreApplication::translate("ClassNames", name.c_str());
}

}  // namespace radlens::ui
