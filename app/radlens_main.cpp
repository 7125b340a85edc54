// radlens: the viewer (docs/cli.md, "radlens").

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QScreen>
#include <QTimer>
#include <cstdio>

#include "ui/AnnotationEditor.h"
#include "ui/MainWindow.h"
#include "ui/StudySession.h"
#include "ui/Translations.h"

namespace {
/// The value of --lang (or --lang=CODE) before the parser runs, so that the
/// help text is already in that language.
QString requestedLanguage(const QStringList& args) {
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--lang") && i + 1 < args.size()) return args[i + 1];
        if (args[i].startsWith(QLatin1String("--lang="))) return args[i].mid(7);
    }
    return QString();
}
}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Radlens"));
    QApplication::setOrganizationDomain(QStringLiteral("radlens.org"));
    QApplication::setApplicationName(QStringLiteral("Radlens"));
    QApplication::setApplicationVersion(QStringLiteral(RADLENS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/radlens-256.png")));

    QString languageError;
    const QString language =
        radlens::ui::Translations::resolve(requestedLanguage(QApplication::arguments()));
    if (!radlens::ui::Translations::install(&app, language, &languageError)) {
        std::fprintf(stderr, "radlens: --lang: %s\n", qPrintable(languageError));
        return 2;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Radiology viewer"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("path"),
        QApplication::translate("main", "DICOM files, folders or DICOMDIR"));
    QCommandLineOption layout(QStringLiteral("layout"),
                              QApplication::translate("main", "Layout: 1x1, mpr or 2x2"),
                              QStringLiteral("LAYOUT"), QStringLiteral("1x1"));
    QCommandLineOption series(QStringLiteral("series"),
                              QApplication::translate("main", "Series to show"),
                              QStringLiteral("UID"));
    QCommandLineOption window(QStringLiteral("window"),
                              QApplication::translate("main", "Window centre and width"),
                              QStringLiteral("CENTER,WIDTH"));
    QCommandLineOption slice(QStringLiteral("slice"),
                             QApplication::translate("main", "Slice to show (0-based)"),
                             QStringLiteral("N"));
    QCommandLineOption model(
        QStringLiteral("model"),
        QApplication::translate("main", "Model bundle to run on the series shown (repeatable)"),
        QStringLiteral("BUNDLE"));
    QCommandLineOption trainModel(
        QStringLiteral("train-model"),
        QApplication::translate("main",
                                "Train a model from a radlens-cli train config in the background, "
                                "then run it on the series shown (repeatable)"),
        QStringLiteral("CONFIG"));
    QCommandLineOption lang(QStringLiteral("lang"),
                            QApplication::translate("main", "Interface language: en, ru or de"),
                            QStringLiteral("CODE"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Write a screenshot once everything has loaded"),
        QStringLiteral("OUT.png"));
    QCommandLineOption annotate(
        QStringLiteral("annotate"),
        QApplication::translate("main", "Start annotating the series shown once it has loaded"));
    QCommandLineOption quit(QStringLiteral("quit"),
                            QApplication::translate("main", "Exit after the screenshot"));
    parser.addOptions(
        {layout, series, model, trainModel, window, slice, lang, annotate, screenshot, quit});
    parser.process(app);

    radlens::ui::MainWindow::Options options;
    options.seriesUid = parser.value(series);
    for (const QString& m : parser.values(model)) {
        if (!QFileInfo::exists(m)) {
            std::fprintf(stderr, "radlens: error: %s: no such model bundle\n", qPrintable(m));
            return 2;
        }
        options.models << QFileInfo(m).absoluteFilePath();
    }
    if (parser.isSet(window)) {
        const QStringList parts = parser.value(window).split(QLatin1Char(','));
        bool okC = false, okW = false;
        const double c = parts.value(0).toDouble(&okC), w = parts.value(1).toDouble(&okW);
        if (parts.size() != 2 || !okC || !okW || w <= 0) {
            std::fprintf(stderr, "radlens: --window needs CENTER,WIDTH with WIDTH > 0\n");
            return 2;
        }
        options.windowCenter = c;
        options.windowWidth = w;
    }
    if (parser.isSet(slice)) {
        bool ok = false;
        const int n = parser.value(slice).toInt(&ok);
        if (!ok || n < 0) {
            std::fprintf(stderr, "radlens: --slice needs a slice number >= 0\n");
            return 2;
        }
        options.slice = n;
    }
    options.layout = parser.value(layout);
    if (options.layout != QLatin1String("1x1") && options.layout != QLatin1String("mpr") &&
        options.layout != QLatin1String("2x2")) {
        std::fprintf(stderr, "radlens: --layout must be 1x1, mpr or 2x2\n");
        return 2;
    }

    radlens::ui::MainWindow window_;
    window_.setOptions(options);
    for (const QString& config : parser.values(trainModel)) {
        QString error;
        if (!window_.trainInBackground(config, &error)) {
            std::fprintf(stderr, "radlens: error: %s\n", qPrintable(error));
            return 2;
        }
    }
    window_.show();

    if (parser.isSet(annotate)) {
        // Once the series (and, with --model, its findings) are there; one try.
        QObject::connect(&window_, &radlens::ui::MainWindow::idle, &app, [&] {
            static bool tried = false;
            if (tried || !window_.session()->volume()) return;
            tried = true;
            window_.setAnnotating(true);
        });
    }
    const QString shotPath = parser.value(screenshot);
    auto takeShot = [&] {
        // Only once all is there: a later idle() calls again.
        if (!window_.isIdle()) return;
        const QImage shot = window_.grab().toImage();
        if (!shot.save(shotPath)) {
            std::fprintf(stderr, "radlens: error: %s: cannot write the screenshot\n",
                         qPrintable(shotPath));
            QApplication::exit(1);
            return;
        }
        if (parser.isSet(quit)) QApplication::exit(0);
    };
    if (!shotPath.isEmpty()) {
        QObject::connect(&window_, &radlens::ui::MainWindow::idle, &app,
                         [&] { QTimer::singleShot(100, &app, takeShot); });
    }
    if (!parser.positionalArguments().isEmpty()) {
        window_.openPaths(parser.positionalArguments());
    } else if (!shotPath.isEmpty()) {
        QTimer::singleShot(200, &app, takeShot);
    }
    return app.exec();
}
