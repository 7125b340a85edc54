#include "ui/ModelManagerDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ai/ModelRegistry.h"
#include "ui/ModelCompareDialog.h"

namespace radlens::ui {

namespace {
enum Column { Active, Task, Name, Version, Registered, Data, Path, ColumnCount };
}

ModelManagerDialog::ModelManagerDialog(QString registryFolder, QWidget* parent)
    : QDialog(parent), folder_(std::move(registryFolder)) {
    setWindowTitle(tr("Models"));
    resize(900, 420);
    table_ = new QTableWidget(0, ColumnCount);
    table_->setObjectName(QStringLiteral("models"));
    table_->setHorizontalHeaderLabels({tr("Active"), tr("Task"), tr("Name"), tr("Version"),
                                       tr("Installed"), tr("Training data"), tr("Location")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    message_ = new QLabel;
    message_->setObjectName(QStringLiteral("message"));
    message_->setWordWrap(true);
    auto* fromFolder = new QPushButton(tr("Install &Folder..."));
    auto* fromZip = new QPushButton(tr("Install &Zip..."));
    activate_ = new QPushButton(tr("&Activate"));
    activate_->setObjectName(QStringLiteral("activate"));
    remove_ = new QPushButton(tr("&Remove"));
    remove_->setObjectName(QStringLiteral("remove"));
    compare_ = new QPushButton(tr("&Compare with Active..."));
    compare_->setObjectName(QStringLiteral("compare"));
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {fromFolder, fromZip, activate_, compare_, remove_})
        buttons->addWidget(b);
    buttons->addStretch();
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::accept);
    auto* v = new QVBoxLayout(this);
    v->addWidget(
        new QLabel(tr("Each task (classify, segment) has one active model; earlier "
                      "versions stay installed, so activating one rolls back.")));
    v->addWidget(table_, 1);
    v->addWidget(message_);
    v->addLayout(buttons);
    v->addWidget(close);

    connect(fromFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model bundle folder"));
        if (!dir.isEmpty()) install(dir);
    });
    connect(fromZip, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Model bundle"), QString(),
                                                          tr("Model bundles (*.zip)"));
        if (!file.isEmpty()) install(file);
    });
    // Activating another version of a task shows the comparison first.
    connect(activate_, &QPushButton::clicked, this, [this] {
        const int row = table_->currentRow();
        if (!compareRow(row, true)) activateRow(row);
    });
    connect(compare_, &QPushButton::clicked, this,
            [this] { compareRow(table_->currentRow(), false); });
    connect(remove_, &QPushButton::clicked, this, [this] {
        const int row = table_->currentRow();
        if (row < 0) return;
        const QString name = table_->item(row, Name)->text();
        if (QMessageBox::question(this, tr("Remove model"),
                                  tr("Remove %1 version %2 from the list? Its files stay.")
                                      .arg(name, table_->item(row, Version)->text())) ==
            QMessageBox::Yes)
            removeRow(row);
    });
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = table_->currentRow();
        const bool any = row >= 0;
        activate_->setEnabled(any);
        remove_->setEnabled(any);
        compare_->setEnabled(any && !activeOfRow(row).isEmpty());
    });
    reload();
}

void ModelManagerDialog::showError(const QString& text) {
    message_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    message_->setText(text);
}

void ModelManagerDialog::reload() {
    table_->setRowCount(0);
    try {
        const ai::ModelRegistry registry(folder_.toStdString());
        const auto models = registry.list();
        table_->setRowCount(int(models.size()));
        for (int r = 0; r < int(models.size()); ++r) {
            const ai::RegisteredModel& m = models[std::size_t(r)];
            const auto active = registry.active(m.task);
            const bool isActive = active && active->path == m.path;
            const bool synthetic =
                m.provenance.is_object() && m.provenance.value("synthetic_data", false);
            auto set = [&](int c, const QString& text) {
                auto* item = new QTableWidgetItem(text);
                item->setData(Qt::UserRole, QString::fromStdString(m.path));
                if (isActive) {
                    QFont f = item->font();
                    f.setBold(true);
                    item->setFont(f);
                }
                table_->setItem(r, c, item);
            };
            set(Active, isActive ? tr("yes") : QString());
            set(Task, QString::fromStdString(m.task));
            set(Name, QString::fromStdString(m.name));
            set(Version, QString::fromStdString(m.version));
            set(Registered, QString::fromStdString(m.registered));
            set(Data, synthetic ? tr("SYNTHETIC (demo, not for clinical use)") : tr("local"));
            set(Path, QString::fromStdString(m.path));
        }
    } catch (const std::exception& e) {
        showError(tr("The model registry cannot be read: %1").arg(QString::fromUtf8(e.what())));
    }
    activate_->setEnabled(false);
    remove_->setEnabled(false);
    compare_->setEnabled(false);
}

QString ModelManagerDialog::activeOfRow(int row) const {
    if (row < 0 || row >= table_->rowCount()) return {};
    const QString path = table_->item(row, Path)->data(Qt::UserRole).toString();
    // Interactive models answer clicks, not series: ModelComparison cannot
    // run them (radlens-cli model click-eval measures them).
    if (table_->item(row, Task)->text() == QLatin1String("interactive")) return {};
    try {
        const auto active = ai::ModelRegistry(folder_.toStdString())
                                .active(table_->item(row, Task)->text().toStdString());
        if (!active || QString::fromStdString(active->path) == path) return {};
        return QString::fromStdString(active->path);
    } catch (const std::exception&) {
        return {};
    }
}

ModelCompareDialog* ModelManagerDialog::compareRow(int row, bool offerActivation) {
    const QString active = activeOfRow(row);
    if (active.isEmpty()) return nullptr;
    const QString path = table_->item(row, Path)->data(Qt::UserRole).toString();
    auto* dialog = new ModelCompareDialog(active, path, offerActivation, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ModelCompareDialog::activateRequested, this, [this, path] {
        for (int r = 0; r < table_->rowCount(); ++r)
            if (table_->item(r, Path)->data(Qt::UserRole).toString() == path) activateRow(r);
    });
    dialog->open();
    return dialog;
}

bool ModelManagerDialog::install(const QString& bundle) {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    bool ok = false;
    try {
        ai::ModelRegistry registry(folder_.toStdString());
        const ai::RegisteredModel m = registry.install(bundle.toStdString());
        message_->setStyleSheet(QString());
        message_->setText(tr("Installed %1 version %2 (%3). Activate it to use it.")
                              .arg(QString::fromStdString(m.name),
                                   QString::fromStdString(m.version),
                                   QString::fromStdString(m.task)));
        ok = true;
    } catch (const std::exception& e) {
        showError(tr("Cannot install %1: %2").arg(bundle, QString::fromUtf8(e.what())));
    }
    QApplication::restoreOverrideCursor();
    reload();
    return ok;
}

bool ModelManagerDialog::activateRow(int row) {
    if (row < 0 || row >= table_->rowCount()) return false;
    const QString path = table_->item(row, Path)->data(Qt::UserRole).toString();
    try {
        ai::ModelRegistry(folder_.toStdString()).activate(path.toStdString());
        activeChanged_ = true;
        message_->setStyleSheet(QString());
        message_->setText(tr("Active for %1: %2 version %3.")
                              .arg(table_->item(row, Task)->text(), table_->item(row, Name)->text(),
                                   table_->item(row, Version)->text()));
    } catch (const std::exception& e) {
        showError(tr("Cannot activate: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    reload();
    return true;
}

bool ModelManagerDialog::removeRow(int row) {
    if (row < 0 || row >= table_->rowCount()) return false;
    const QString path = table_->item(row, Path)->data(Qt::UserRole).toString();
    try {
        ai::ModelRegistry(folder_.toStdString()).remove(path.toStdString());
        activeChanged_ = activeChanged_ || !table_->item(row, Active)->text().isEmpty();
    } catch (const std::exception& e) {
        showError(tr("Cannot remove: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    reload();
    return true;
}

}  // namespace radlens::ui
