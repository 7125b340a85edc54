#pragma once
// The training wizard's page "results" (TrainingWizard::Page): Per-class metrics, the confusion
// matrix, the current model on the same validation split, the calibration
// (ECE before and after, the reliability diagram, each class's threshold with
// its sensitivity and specificity and their 95 % intervals), and Activate
// (which shows the comparison with the active version first, when there is one). Header-only:
// TrainingWizard.cpp is its one user. Strings are in the wizard's translation context.
//
// Threads: GUI thread. Ownership: the wizard owns its pages.

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <map>
#include <vector>

#include "ai/ModelBundle.h"
#include "ai/ModelRegistry.h"
#include "ui/ClassNames.h"
#include "ui/ModelCompareDialog.h"
#include "ui/ReliabilityDiagram.h"
#include "ui/TrainingRunPage.h"
#include "ui/TrainingWizard.h"

namespace radlens::ui {

class ResultsPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    ResultsPageWidget(TrainingWizard* wizard, RunPageWidget* run) : wizard_(wizard), run_(run) {
        setTitle(tr("Results on the validation split"));
        summary_ = new QLabel;
        summary_->setWordWrap(true);
        summary_->setObjectName(QStringLiteral("resultSummary"));
        table_ = new QTableWidget;
        table_->setObjectName(QStringLiteral("resultTable"));
        confusion_ = new QTableWidget;
        confusion_->setObjectName(QStringLiteral("confusionTable"));
        activate_ = new QPushButton(tr("&Activate this model"));
        activate_->setObjectName(QStringLiteral("activate"));
        activated_ = new QLabel;
        activated_->setObjectName(QStringLiteral("activatedLabel"));
        calibration_ = new QLabel;
        calibration_->setObjectName(QStringLiteral("calibrationSummary"));
        calibration_->setWordWrap(true);
        operating_ = new QTableWidget;
        operating_->setObjectName(QStringLiteral("operatingPoints"));
        diagram_ = new ReliabilityDiagram;
        auto* v = new QVBoxLayout(this);
        v->addWidget(summary_);
        v->addWidget(table_);
        v->addWidget(new QLabel(tr("Confusion matrix (rows: truth)")));
        v->addWidget(confusion_);
        v->addWidget(calibration_);
        auto* calibrationRow = new QHBoxLayout;
        calibrationRow->addWidget(operating_, 1);
        calibrationRow->addWidget(diagram_);
        v->addLayout(calibrationRow);
        auto* h = new QHBoxLayout;
        h->addWidget(activate_);
        h->addWidget(activated_, 1);
        v->addLayout(h);
        connect(activate_, &QPushButton::clicked, this, [this] { activate(); });
    }

    void initializePage() override {
        const QJsonObject done = run_->result();
        const QJsonObject m = done.value(QStringLiteral("metrics")).toObject();
        const QJsonObject base = run_->baseline();
        const QJsonObject perClass = m.value(QStringLiteral("per_class")).toObject();
        const QJsonObject basePer = base.value(QStringLiteral("per_class")).toObject();
        const bool segment = wizard_->field(QStringLiteral("segment")).toBool();
        summary_->setText(
            tr("Best epoch %1 of %2 on %3, %4 s. Mean F1 %5, IoU %6%7.")
                .arg(done.value(QStringLiteral("best_epoch")).toInt())
                .arg(wizard_->field(QStringLiteral("epochs")).toInt())
                .arg(done.value(QStringLiteral("device")).toString())
                .arg(qRound(done.value(QStringLiteral("seconds")).toDouble()))
                .arg(m.value(QStringLiteral("f1")).toDouble(), 0, 'f', 3)
                .arg(m.value(QStringLiteral("iou")).toDouble(), 0, 'f', 3)
                .arg(m.value(QStringLiteral("auroc")).isDouble()
                         ? tr(", AUROC %1")
                               .arg(m.value(QStringLiteral("auroc")).toDouble(), 0, 'f', 3)
                         : QString()));
        const QStringList cols = segment ? QStringList{tr("IoU"), tr("Dice"), tr("Precision"),
                                                       tr("Recall"), tr("Current model IoU")}
                                         : QStringList{tr("AUROC"), tr("F1"), tr("Precision"),
                                                       tr("Recall"), tr("Current model F1")};
        const QStringList keys =
            segment ? QStringList{QStringLiteral("iou"), QStringLiteral("dice"),
                                  QStringLiteral("precision"), QStringLiteral("recall")}
                    : QStringList{QStringLiteral("auroc"), QStringLiteral("f1"),
                                  QStringLiteral("precision"), QStringLiteral("recall")};
        table_->clear();
        table_->setColumnCount(cols.size());
        table_->setHorizontalHeaderLabels(cols);
        // Rows in the run's class order (JSON objects iterate alphabetically),
        // named as the new bundle names them on screen.
        std::vector<std::string> order;
        for (const QJsonValue& v : wizard_->config().value(QStringLiteral("classes")).toArray())
            order.push_back(v.toString().toStdString());
        std::map<std::string, std::map<std::string, std::string>> displayNames;
        nlohmann::json calibration;
        try {
            const ai::Manifest manifest = ai::ModelBundle::readManifest(
                done.value(QStringLiteral("output")).toString().toStdString());
            for (const ai::ClassInfo& ci : manifest.classes)
                displayNames[ci.name] = ci.displayNames;
            calibration = manifest.calibration;
        } catch (const std::exception&) {
            // Names as the bundle spells them.
        }
        auto header = [&](const std::string& name) {
            return new QTableWidgetItem(ClassNames::display(name, displayNames[name]));
        };
        table_->setRowCount(int(order.size()));
        for (int row = 0; row < int(order.size()); ++row) {
            const QString key = QString::fromStdString(order[row]);
            table_->setVerticalHeaderItem(row, header(order[row]));
            const QJsonObject c = perClass.value(key).toObject();
            for (int k = 0; k < keys.size(); ++k) {
                const QJsonValue v = c.value(keys[k]);
                table_->setItem(
                    row, k,
                    new QTableWidgetItem(v.isDouble() ? QString::number(v.toDouble(), 'f', 3)
                                                      : tr("n/a")));
            }
            const QJsonValue b = basePer.value(key).toObject().value(segment ? keys[0] : keys[1]);
            table_->setItem(row, keys.size(),
                            new QTableWidgetItem(
                                b.isDouble() ? QString::number(b.toDouble(), 'f', 3) : tr("none")));
        }
        table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        // Confusion: multi-class C x C; multi-label per class TN FP FN TP.
        const QJsonArray conf = m.value(QStringLiteral("confusion")).toArray();
        confusion_->clear();
        const bool perClassConfusion = !conf.isEmpty() && conf.at(0).toArray().at(0).isArray();
        if (perClassConfusion) {
            confusion_->setColumnCount(4);
            confusion_->setHorizontalHeaderLabels({tr("TN"), tr("FP"), tr("FN"), tr("TP")});
            const int rows = std::min(int(conf.size()), int(order.size()));
            confusion_->setRowCount(rows);
            for (int r = 0; r < rows; ++r) {
                confusion_->setVerticalHeaderItem(r, header(order[r]));
                const QJsonArray cm = conf.at(r).toArray();
                const double cells[4] = {
                    cm.at(0).toArray().at(0).toDouble(), cm.at(0).toArray().at(1).toDouble(),
                    cm.at(1).toArray().at(0).toDouble(), cm.at(1).toArray().at(1).toDouble()};
                for (int k = 0; k < 4; ++k)
                    confusion_->setItem(r, k, new QTableWidgetItem(QString::number(cells[k])));
            }
        } else {
            const int n = int(conf.size());
            confusion_->setColumnCount(n);
            confusion_->setRowCount(n);
            // Segmenters count the background as class 0.
            const int offset = n == int(order.size()) + 1 ? 1 : 0;
            for (int r = 0; r < n; ++r) {
                QString name = tr("background");
                if (r >= offset && r - offset < int(order.size()))
                    name = ClassNames::display(order[r - offset], displayNames[order[r - offset]]);
                else if (r >= offset)
                    name = QString::number(r);
                confusion_->setVerticalHeaderItem(r, new QTableWidgetItem(name));
                confusion_->setHorizontalHeaderItem(r, new QTableWidgetItem(name));
                for (int k = 0; k < n; ++k)
                    confusion_->setItem(r, k,
                                        new QTableWidgetItem(QString::number(
                                            conf.at(r).toArray().at(k).toDouble())));
            }
        }
        confusion_->setVisible(confusion_->rowCount() > 0);
        showCalibration(calibration, header);
        activated_->clear();
        activate_->setEnabled(true);
    }

private:
    TrainingWizard* wizard_;
    RunPageWidget* run_;
    QLabel *summary_, *activated_;
    QTableWidget *table_, *confusion_, *operating_;
    QLabel* calibration_;
    ReliabilityDiagram* diagram_;
    QPushButton* activate_;

    /// The calibration of a classifier (hidden for segmenters and runs without
    /// a validation split).
    template <class Header>
    void showCalibration(const nlohmann::json& c, Header header) {
        const bool shown = c.is_object() && c.contains("operating_points");
        calibration_->setVisible(shown);
        operating_->setVisible(shown);
        diagram_->setVisible(shown);
        if (!shown) return;
        const QString notFitted = tr("1 (too few cases to fit)");
        const nlohmann::json& points = c["operating_points"];
        const QString target = points.empty()
                                   ? QStringLiteral("f1")
                                   : QString::fromStdString(points[0].value("target", "f1"));
        calibration_->setText(
            tr("Calibration on %1 validation cases: expected calibration error %2 before, %3 "
               "after temperature scaling. Thresholds chosen for %4.")
                .arg(c.value("validation_cases", 0))
                .arg(c.value("ece_before", 0.0), 0, 'f', 3)
                .arg(c.value("ece_after", 0.0), 0, 'f', 3)
                .arg(target == QLatin1String("f1")
                         ? tr("the best F1")
                         : QStringLiteral("%1 %2")
                               .arg(target == QLatin1String("sensitivity") ? tr("sensitivity")
                                                                           : tr("specificity"))
                               .arg(points[0].value("goal", 0.0), 0, 'f', 2)));
        auto value = [](const nlohmann::json& v) {
            return v.is_number() ? QString::number(v.get<double>(), 'f', 3) : QStringLiteral("-");
        };
        auto withInterval = [&](const nlohmann::json& p, const char* key) {
            const nlohmann::json& ci = p["ci95"][key];
            QString text = value(p[key]);
            if (ci.is_array() && ci.size() == 2)
                text += QStringLiteral(" (%1-%2)").arg(value(ci[0]), value(ci[1]));
            return text;
        };
        operating_->clear();
        operating_->setColumnCount(4);
        operating_->setHorizontalHeaderLabels({tr("Temperature"), tr("Threshold"),
                                               tr("Sensitivity (95% CI)"),
                                               tr("Specificity (95% CI)")});
        operating_->setRowCount(int(points.size()));
        const nlohmann::json& temperatures = c["temperature"];
        for (int r = 0; r < int(points.size()); ++r) {
            const nlohmann::json& p = points[std::size_t(r)];
            operating_->setVerticalHeaderItem(r, header(p.value("class", std::string())));
            operating_->setItem(r, 0,
                                new QTableWidgetItem(p.value("temperature_fitted", true)
                                                         ? value(temperatures[std::size_t(r)])
                                                         : notFitted));
            operating_->setItem(r, 1, new QTableWidgetItem(value(p["threshold"])));
            operating_->setItem(r, 2, new QTableWidgetItem(withInterval(p, "sensitivity")));
            operating_->setItem(r, 3, new QTableWidgetItem(withInterval(p, "specificity")));
        }
        operating_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        diagram_->setBins(c["reliability_before"], c["reliability_after"]);
    }

    /// Activate: when another version of the task is active, the comparison
    /// with it comes first (ModelCompareDialog), and its "Activate B" activates.
    void activate() {
        const QString bundle = run_->result().value(QStringLiteral("output")).toString();
        try {
            ai::ModelRegistry registry(wizard_->registryFolder().toStdString());
            const ai::RegisteredModel m = registry.add(bundle.toStdString());
            const auto active = registry.active(m.task);
            if (active && active->path != m.path) {
                auto* compare = new ModelCompareDialog(QString::fromStdString(active->path),
                                                       QString::fromStdString(m.path), true, this);
                compare->setAttribute(Qt::WA_DeleteOnClose);
                connect(compare, &ModelCompareDialog::activateRequested, this,
                        [this] { activateNow(); });
                compare->open();
                return;
            }
        } catch (const std::exception& e) {
            activated_->setText(tr("Cannot activate: %1").arg(QString::fromUtf8(e.what())));
            return;
        }
        activateNow();
    }

    void activateNow() {
        const QString bundle = run_->result().value(QStringLiteral("output")).toString();
        try {
            ai::ModelRegistry registry(wizard_->registryFolder().toStdString());
            const ai::RegisteredModel m = registry.add(bundle.toStdString());
            registry.activate(bundle.toStdString());
            activated_->setText(tr("Active for %1: %2 version %3 (earlier versions are kept).")
                                    .arg(QString::fromStdString(m.task),
                                         QString::fromStdString(m.name),
                                         QString::fromStdString(m.version)));
            activate_->setEnabled(false);
        } catch (const std::exception& e) {
            activated_->setText(tr("Cannot activate: %1").arg(QString::fromUtf8(e.what())));
        }
    }
};

}  // namespace radlens::ui
