#pragma once
// The interface language: which translations exist, which one the user chose
// (Preferences, or `radlens --lang CODE`), and installing Qt translators for
// it. Radlens' own translations are compiled from translations/radlens_<code>.ts
// into the program (qt_add_translations, resource prefix /i18n); Qt's own
// (standard buttons, dialogs) come from the system's Qt translations folder
// when present (Debian: qt6-translations-l10n).
//
// Threads: GUI thread only (QCoreApplication::installTranslator).
// Ownership: the translators are children of the application object.

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace radlens::ui {

class Translations {
public:
    /// Codes with a translation, "en" (the source language) first.
    static QStringList available();
    /// The language's own name ("Русский" for "ru").
    static QString nativeName(const QString& code);
    /// The code saved in preferences ("" = follow the system).
    static QString preferred();
    static void setPreferred(const QString& code);
    /// `requested` if not empty, else the preference, else the system's
    /// language when available, else "en".
    static QString resolve(const QString& requested);
    /// Installs the translators for `code`. Returns false, with `error` set,
    /// when there is no such translation.
    static bool install(QCoreApplication* app, const QString& code, QString* error);
    /// The language installed last ("en" before any).
    static QString current();
};

}  // namespace radlens::ui
