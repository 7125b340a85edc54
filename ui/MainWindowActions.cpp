#include "ui/MainWindowActions.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/ActionTable.h"
#include "ui/MainWindow.h"

namespace radlens::ui {

void defineMainWindowActions(ActionTable& t) {
    using K = QKeySequence;
    const QString file = QStringLiteral("file"), view = QStringLiteral("view"),
                  ai = QStringLiteral("ai"), help = QStringLiteral("help");
    t.add(QStringLiteral("openFolder"), MainWindow::tr("Open &Folder..."),
          {K(MainWindow::tr("Ctrl+O"))}, file, MainWindow::tr("Open a folder"));
    t.add(QStringLiteral("openFiles"), MainWindow::tr("Open F&iles..."),
          {K(MainWindow::tr("Ctrl+Shift+O"))}, file, MainWindow::tr("Open files"));
    t.add(QStringLiteral("importSeg"), MainWindow::tr("&Import Segmentation (DICOM SEG)..."), {},
          file, {});
    t.add(QStringLiteral("exportSeg"), MainWindow::tr("Export Findings as DICOM &SEG..."), {}, file,
          {});
    t.add(QStringLiteral("exportSr"), MainWindow::tr("Export Findings as DICOM S&R..."), {}, file,
          {});
    t.addSeparator(file);
    t.add(QStringLiteral("queryRetrieve"), MainWindow::tr("&Query/Retrieve..."),
          {K(MainWindow::tr("Ctrl+Shift+Q"))}, file,
          MainWindow::tr("Search a PACS or DICOMweb node, retrieve and send"));
    t.addSeparator(file);
    QAction* prefs = t.add(QStringLiteral("preferences"), MainWindow::tr("&Preferences..."),
                           {K(MainWindow::tr("Ctrl+,"))}, file, MainWindow::tr("Preferences"));
    prefs->setMenuRole(QAction::PreferencesRole);
    t.addSeparator(file);
    t.add(QStringLiteral("quit"), MainWindow::tr("&Quit"), K::keyBindings(K::Quit), file, {});

    t.add(QStringLiteral("layout1x1"), MainWindow::tr("1x1"), {K(MainWindow::tr("Ctrl+1"))}, view,
          MainWindow::tr("Layout 1x1"), true);
    t.add(QStringLiteral("layoutMpr"), MainWindow::tr("MPR"), {K(MainWindow::tr("Ctrl+2"))}, view,
          MainWindow::tr("Layout MPR"), true);
    t.add(QStringLiteral("layout2x2"), MainWindow::tr("2x2"), {K(MainWindow::tr("Ctrl+3"))}, view,
          MainWindow::tr("Layout 2x2"), true);
    t.addSeparator(view, false, true);
    t.add(QStringLiteral("invert"), MainWindow::tr("Invert"), {K(MainWindow::tr("I"))}, view,
          MainWindow::tr("Invert grey levels"), true);
    t.add(QStringLiteral("fit"), MainWindow::tr("Fit"), {K(MainWindow::tr("F"))}, view,
          MainWindow::tr("Fit to window"), true);
    QAction* cine =
        t.add(QStringLiteral("cine"), MainWindow::tr("Cine"), {K(MainWindow::tr("C"))}, view,
              MainWindow::tr("Cine: play the slices or frames in a loop; again to stop"), true);
    cine->setCheckable(true);
    cine->setToolTip(MainWindow::tr("Play the slices or frames in a loop (C)"));
    t.add(QStringLiteral("reset"), MainWindow::tr("Reset"), {K(MainWindow::tr("R"))}, view,
          MainWindow::tr("Reset the view"), true);
    struct Measure {
        const char* id;
        QString text, key, tip;
    };
    for (const Measure& m :
         {Measure{"measureDistance", MainWindow::tr("Distance"), MainWindow::tr("M"),
                  MainWindow::tr("Distance tool on/off")},
          Measure{"measureRectangle", MainWindow::tr("Rectangle ROI"), MainWindow::tr("Q"),
                  MainWindow::tr("Rectangle ROI: mean, SD, min, max, area")},
          Measure{"measureEllipse", MainWindow::tr("Ellipse ROI"), MainWindow::tr("O"),
                  MainWindow::tr("Ellipse ROI: mean, SD, min, max, area")},
          Measure{
              "measureAngle", MainWindow::tr("Angle"), MainWindow::tr("A"),
              MainWindow::tr("Angle: drag the first arm to the vertex, click the second's end")}})
        t.add(QLatin1String(m.id), m.text, {K(m.key)}, view, m.tip, true)->setCheckable(true);
    t.addSeparator(view, true, true);

    t.add(QStringLiteral("analyze"), MainWindow::tr("&Analyse This Series"),
          {K(MainWindow::tr("Ctrl+Shift+A"))}, ai,
          MainWindow::tr("Analyse this series with the models"));
    t.add(QStringLiteral("models"), MainWindow::tr("&Models..."),
          {K(MainWindow::tr("Ctrl+Shift+M"))}, ai,
          MainWindow::tr("Models: install, activate, roll back, remove"));
    t.addSeparator(ai);
    t.add(QStringLiteral("train"), MainWindow::tr("&Train a Model..."),
          {K(MainWindow::tr("Ctrl+Shift+T"))}, ai, MainWindow::tr("Train a model (wizard)"));
    t.add(QStringLiteral("shortcuts"), MainWindow::tr("&Keyboard Shortcuts"),
          K::keyBindings(K::HelpContents), help, MainWindow::tr("This list"));

    // Handled by the views themselves.
    const QString views = QStringLiteral("views");
    t.addGesture(views, MainWindow::tr("Wheel, Up, Down"), MainWindow::tr("Next / previous slice"));
    t.addGesture(views, MainWindow::tr("PageUp, PageDown"), MainWindow::tr("Ten slices at a time"));
    t.addGesture(views, MainWindow::tr("Home, End"), MainWindow::tr("First / last slice"));
    t.addGesture(views, MainWindow::tr("Right-drag"), MainWindow::tr("Window/level"));
    t.addGesture(views, MainWindow::tr("Middle-drag, Shift+left-drag"), MainWindow::tr("Pan"));
    t.addGesture(views, MainWindow::tr("Ctrl+wheel"), MainWindow::tr("Zoom"));
    t.addGesture(views, MainWindow::tr("Left click (MPR)"), MainWindow::tr("Move the crosshair"));
    t.addGesture(views, MainWindow::tr("Click a measurement"), MainWindow::tr("Select it"));
    t.addGesture(views, MainWindow::tr("Delete"),
                 MainWindow::tr("Remove the selected measurement, else the last"));
    t.addGesture(views, MainWindow::tr("Ctrl+Z (in a view)"),
                 MainWindow::tr("Undo the last measurement added or removed"));
}

void showShortcuts(const ActionTable& t, QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(MainWindow::tr("Keyboard Shortcuts"));
    auto* table = new QTableWidget(&dialog);
    table->setObjectName(QStringLiteral("shortcutTable"));
    const auto rows = t.helpRows();
    table->setColumnCount(2);
    table->setRowCount(int(rows.size()));
    table->setHorizontalHeaderLabels({MainWindow::tr("Keys"), MainWindow::tr("Action")});
    for (int r = 0; r < int(rows.size()); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[std::size_t(r)].keys));
        table->setItem(r, 1, new QTableWidgetItem(rows[std::size_t(r)].what));
    }
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* l = new QVBoxLayout(&dialog);
    l->addWidget(table);
    l->addWidget(buttons);
    dialog.resize(560, 560);
    dialog.exec();
}

}  // namespace radlens::ui
