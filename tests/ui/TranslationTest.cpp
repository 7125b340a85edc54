// The interface in Russian and German: translators installed as `radlens
// --lang` installs them, the main window's menus and the wizard's title in
// that language, class names from the built-in list and from a bundle's
// display names, and the language saved by the Preferences dialog.
#include <QComboBox>
#include <QDir>
#include <QMenuBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/ClassNames.h"
#include "ui/MainWindow.h"
#include "ui/PreferencesDialog.h"
#include "ui/TrainingWizard.h"
#include "ui/Translations.h"

using radlens::ui::ClassNames;
using radlens::ui::Translations;

class TranslationTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir config_;

    static QStringList menuTitles(QMainWindow& w) {
        QStringList titles;
        for (QAction* a : w.menuBar()->actions()) titles << a->text();
        return titles;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(config_.isValid());
        qputenv("XDG_CONFIG_HOME", config_.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("RadlensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("TranslationTest"));
    }

    void englishIsTheSource() {
        QString error;
        QVERIFY(Translations::install(qApp, QStringLiteral("en"), &error));
        radlens::ui::MainWindow w;
        QCOMPARE(menuTitles(w).value(0), QStringLiteral("&File"));
        QCOMPARE(ClassNames::display("Nodule"), QStringLiteral("Nodule"));
    }

    void unknownLanguageIsRefused() {
        QString error;
        QVERIFY(!Translations::install(qApp, QStringLiteral("xx"), &error));
        QVERIFY2(error.contains(QStringLiteral("no translation for 'xx'")), qPrintable(error));
    }

    void russianInterface() {
        QString error;
        QVERIFY2(Translations::install(qApp, QStringLiteral("ru"), &error), qPrintable(error));
        QCOMPARE(Translations::current(), QStringLiteral("ru"));
        radlens::ui::MainWindow w;
        w.resize(1000, 600);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList titles = menuTitles(w);
        QCOMPARE(titles.value(0), QStringLiteral("&Файл"));
        QVERIFY2(titles.contains(QStringLiteral("&Справка")), qPrintable(titles.join(',')));
        QCOMPARE(w.windowTitle(), QStringLiteral("Radlens"));
        radlens::ui::TrainingWizard wizard(QStringLiteral("radlens-cli"), config_.path(),
                                           QString());
        QCOMPARE(wizard.windowTitle(), QStringLiteral("Обучение модели"));
        // Built-in class names, and a bundle's own names before them.
        QCOMPARE(ClassNames::display("Nodule"), QStringLiteral("Узелок"));
        QCOMPARE(ClassNames::display("consolidation"), QStringLiteral("консолидация"));
        QCOMPARE(ClassNames::display("Nodule", {{"ru", "Очаг"}, {"de", "Herd"}}),
                 QStringLiteral("Очаг"));
        QCOMPARE(ClassNames::display("Nodule", {{"de", "Herd"}}), QStringLiteral("Узелок"));
        QCOMPARE(ClassNames::display("Lymph node"), QStringLiteral("Lymph node"));
        const QString dir = qEnvironmentVariable("RADLENS_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            w.grab().save(QDir(dir).filePath(QStringLiteral("main-ru.png")));
            wizard.show();
            QVERIFY(QTest::qWaitForWindowExposed(&wizard));
            wizard.grab().save(QDir(dir).filePath(QStringLiteral("wizard-ru.png")));
        }
    }

    void germanInterface() {
        QString error;
        QVERIFY2(Translations::install(qApp, QStringLiteral("de"), &error), qPrintable(error));
        radlens::ui::MainWindow w;
        QCOMPARE(menuTitles(w).value(0), QStringLiteral("&Datei"));
        QCOMPARE(ClassNames::display("Effusion"), QStringLiteral("Erguss"));
        QCOMPARE(ClassNames::display("Nodule", {{"de", "Herd"}}), QStringLiteral("Herd"));
    }

    void preferencesSaveTheLanguage() {
        Translations::setPreferred(QString());
        QCOMPARE(Translations::resolve(QStringLiteral("ru")), QStringLiteral("ru"));
        radlens::ui::PreferencesDialog dialog;
        auto* language = dialog.findChild<QComboBox*>(QStringLiteral("language"));
        QVERIFY(language);
        language->setCurrentIndex(language->findData(QStringLiteral("de")));
        dialog.accept();
        QCOMPARE(Translations::preferred(), QStringLiteral("de"));
        QCOMPARE(Translations::resolve(QString()), QStringLiteral("de"));
        // --lang wins over the preference.
        QCOMPARE(Translations::resolve(QStringLiteral("ru")), QStringLiteral("ru"));
        QVERIFY(QFileInfo::exists(QSettings().fileName()));
        QVERIFY(QSettings().fileName().startsWith(config_.path()));
        // A saved code that no longer exists falls back, never fails.
        QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("xx"));
        QVERIFY(Translations::available().contains(Translations::resolve(QString())));
    }
};

QTEST_MAIN(TranslationTest)
#include "TranslationTest.moc"
