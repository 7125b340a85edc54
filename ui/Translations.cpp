#include "ui/Translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace radlens::ui {

namespace {
QString g_current = QStringLiteral("en");
const char* kSettingsKey = "ui/language";
}  // namespace

QStringList Translations::available() {
    return {QStringLiteral("en"), QStringLiteral("ru"), QStringLiteral("de")};
}

QString Translations::nativeName(const QString& code) {
    if (code == QLatin1String("ru")) return QStringLiteral("Русский");
    if (code == QLatin1String("de")) return QStringLiteral("Deutsch");
    if (code == QLatin1String("en")) return QStringLiteral("English");
    return code;
}

QString Translations::preferred() {
    return QSettings().value(QLatin1String(kSettingsKey)).toString();
}

void Translations::setPreferred(const QString& code) {
    QSettings settings;
    if (code.isEmpty())
        settings.remove(QLatin1String(kSettingsKey));
    else
        settings.setValue(QLatin1String(kSettingsKey), code);
}

QString Translations::resolve(const QString& requested) {
    if (!requested.isEmpty()) return requested;
    const QString saved = preferred();
    if (!saved.isEmpty() && available().contains(saved)) return saved;
    for (const QString& ui : QLocale::system().uiLanguages()) {
        const QString code = ui.section(QLatin1Char('-'), 0, 0).toLower();
        if (available().contains(code)) return code;
    }
    return QStringLiteral("en");
}

bool Translations::install(QCoreApplication* app, const QString& code, QString* error) {
    if (!available().contains(code)) {
        if (error)
            *error = QStringLiteral("no translation for '%1' (available: %2)")
                         .arg(code, available().join(QStringLiteral(", ")));
        return false;
    }
    g_current = code;
    if (code == QLatin1String("en")) return true;
    auto* own = new QTranslator(app);
    if (!own->load(QStringLiteral(":/i18n/radlens_%1.qm").arg(code))) {
        delete own;
        if (error)
            *error = QStringLiteral("the '%1' translation is missing from the program").arg(code);
        return false;
    }
    QCoreApplication::installTranslator(own);
    // Qt's own strings; optional, the interface is complete without them.
    auto* qt = new QTranslator(app);
    if (qt->load(QStringLiteral("qtbase_%1").arg(code),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

QString Translations::current() { return g_current; }

}  // namespace radlens::ui
