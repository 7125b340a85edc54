#pragma once
// The training wizard's page "data" (TrainingWizard::Page): The training data: folders, CSVs, the
// annotation store; the class names; a check of what the data holds (per-class counts, warnings),
// read in the background. Header-only: TrainingWizard.cpp is its one user. Strings are in the
// wizard's translation context.
//
// Threads: GUI thread. Ownership: the wizard owns its pages.

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include "ai/TrainingConfig.h"
#include "ai/TrainingDataLoader.h"
#include "ui/BackgroundTask.h"
#include "ui/ClassNames.h"
#include "ui/TrainingWizard.h"

namespace radlens::ui {

class DataPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    explicit DataPageWidget(TrainingWizard* wizard) : wizard_(wizard) {
        setTitle(tr("Training data"));
        setSubTitle(
            tr("The annotation store (final versions), exported or `radlens-cli synth` folders, "
               "ChestX-ray14-style CSV files, COCO JSON, or images/ + masks/ NIfTI pairs."));
        list_ = new QListWidget;
        list_->setObjectName(QStringLiteral("dataList"));
        classes_ = new QLineEdit;
        classes_->setObjectName(QStringLiteral("classes"));
        classes_->setPlaceholderText(tr("class names, comma separated"));
        registerField(QStringLiteral("classes*"), classes_);
        auto* addFolder = new QPushButton(tr("Add &folder..."));
        auto* addFile = new QPushButton(tr("Add &CSV..."));
        auto* addStore = new QPushButton(tr("Add annotation &store"));
        addStore->setObjectName(QStringLiteral("addStore"));
        addStore->setToolTip(tr("The newest final annotation of every series annotated here"));
        connect(addStore, &QPushButton::clicked, this, [this] {
            if (list_->findItems(QStringLiteral("store"), Qt::MatchExactly).isEmpty())
                addPath(QStringLiteral("store"));
        });
        auto* removeButton = new QPushButton(tr("&Remove"));
        auto* check = new QPushButton(tr("C&heck data"));
        check->setObjectName(QStringLiteral("checkData"));
        summary_ = new QLabel;
        summary_->setObjectName(QStringLiteral("dataSummary"));
        summary_->setWordWrap(true);
        connect(addFolder, &QPushButton::clicked, this, [this] {
            addPath(QFileDialog::getExistingDirectory(this, tr("Training data folder")));
        });
        connect(addFile, &QPushButton::clicked, this, [this] {
            addPath(QFileDialog::getOpenFileName(this, tr("Labels"), {}, tr("CSV (*.csv)")));
        });
        connect(removeButton, &QPushButton::clicked, this, [this] {
            delete list_->currentItem();
            Q_EMIT completeChanged();
        });
        connect(check, &QPushButton::clicked, this, [this] { checkData(); });
        connect(classes_, &QLineEdit::textChanged, this, [this] { Q_EMIT completeChanged(); });
        auto* buttons = new QHBoxLayout;
        for (QPushButton* b : {addStore, addFolder, addFile, removeButton, check})
            buttons->addWidget(b);
        auto* v = new QVBoxLayout(this);
        v->addWidget(list_);
        v->addLayout(buttons);
        auto* form = new QFormLayout;
        form->addRow(tr("C&lasses:"), classes_);
        v->addLayout(form);
        v->addWidget(summary_);
    }

    void addPath(const QString& path) {
        if (path.isEmpty()) return;
        list_->addItem(path);
        // A synthetic or exported set names its classes.
        QFile f(QDir(path).filePath(QStringLiteral("dataset.json")));
        if (classes_->text().isEmpty() && f.open(QIODevice::ReadOnly)) {
            QStringList names;
            for (const QJsonValue& v : QJsonDocument::fromJson(f.readAll())
                                           .object()
                                           .value(QStringLiteral("classes"))
                                           .toArray())
                names << v.toString();
            if (field(QStringLiteral("segment")).toBool()) names = {QStringLiteral("lesion")};
            classes_->setText(names.join(QLatin1Char(',')));
        }
        Q_EMIT completeChanged();
    }

    QStringList paths() const {
        QStringList out;
        for (int i = 0; i < list_->count(); ++i) out << list_->item(i)->text();
        return out;
    }

    bool isComplete() const override {
        return list_->count() > 0 && !classes_->text().trimmed().isEmpty();
    }

private:
    TrainingWizard* wizard_;
    QListWidget* list_;
    QLineEdit* classes_;
    QLabel* summary_;
    QPointer<BackgroundTask> check_;

    void checkData() {
        summary_->setText(tr("Reading the data..."));
        QJsonObject c = wizard_->config();
        if (c.value(QStringLiteral("output")).toString().isEmpty())
            c.insert(QStringLiteral("output"), QStringLiteral("/tmp/unused"));
        const std::string json = QJsonDocument(c).toJson().toStdString();
        QPointer<QLabel> label = summary_;
        auto* task = new BackgroundTask(
            tr("Reading the data..."),
            [json](BackgroundTask::Control& control) {
                QString text;
                try {
                    const ai::TrainingConfig cfg =
                        ai::TrainingConfig::fromJson(nlohmann::json::parse(json));
                    // The index only (lists, names, a stat per file): nothing
                    // is decoded here, however large the set.
                    const ai::TrainingDataIndex d = ai::TrainingDataLoader::index(
                        cfg, control.cancelFlag(), [&](std::size_t done, std::size_t total) {
                            control.setProgress(qint64(done), qint64(total));
                        });
                    text = tr("%n cases", nullptr, int(d.cases)) + QStringLiteral(", ") +
                           tr("%n patients.", nullptr, int(d.patients));
                    if (d.labelled > 0)
                        for (std::size_t i = 0; i < cfg.classes.size(); ++i)
                            text += QStringLiteral(" %1: %2.")
                                        .arg(ClassNames::display(cfg.classes[i]))
                                        .arg(d.perClass[i]);
                    if (cfg.usesMasks())
                        text += QLatin1Char(' ') + tr("%n with a mask.", nullptr, int(d.withMask));
                    if (d.testCases > 0)
                        text += QLatin1Char(' ') +
                                tr("%n on the official test list (held out),", nullptr,
                                   int(d.testCases)) +
                                QLatin1Char(' ') + tr("%n patients.", nullptr, int(d.testPatients));
                    if (d.synthetic) text += QLatin1Char(' ') + tr("SYNTHETIC data.");
                    for (const std::string& w : d.warnings)
                        text +=
                            QStringLiteral("\n") + tr("Warning: %1").arg(QString::fromStdString(w));
                } catch (const std::exception& e) {
                    text = tr("Cannot use this data: %1").arg(QString::fromUtf8(e.what()));
                }
                return std::any(text);
            },
            this);
        // A newer check replaces an older one still reading.
        if (check_) check_->cancel();
        check_ = task;
        connect(task, &BackgroundTask::finished, this, [this, task, label] {
            if (check_ == task) check_ = nullptr;
            if (label && task->state() == BackgroundTask::State::Done)
                label->setText(task->result<QString>());
        });
        task->start();
    }
};

}  // namespace radlens::ui
