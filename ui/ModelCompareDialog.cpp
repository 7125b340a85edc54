#include "ui/ModelCompareDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ai/Device.h"
#include "ai/LoadedModel.h"
#include "ai/ModelComparison.h"
#include "ui/BackgroundTask.h"
#include "ui/ClassNames.h"

namespace radlens::ui {

namespace {

using json = nlohmann::json;

struct Loaded {
    std::shared_ptr<ai::LoadedModel> a, b;
    std::shared_ptr<std::vector<ai::TrainingSample>> cases;
    json result;
};

QString number(const json& v, int digits = 3) {
    return v.is_number() ? QString::number(v.get<double>(), 'f', digits) : QStringLiteral("-");
}

/// The case's image, windowed to its 1st..99th percentile, with an overlay:
/// a segmenter's labels in red, or a heatmap from transparent to yellow.
QImage renderCase(const ai::TrainingSample& s, const ai::Findings& f,
                  const std::string& className) {
    const torch::Tensor im = s.image[0].to(torch::kFloat32).contiguous();
    const int H = int(im.size(0)), W = int(im.size(1));
    const torch::Tensor q =
        torch::quantile(im.flatten(), torch::tensor({0.01, 0.99}, torch::kFloat32));
    const float lo = q[0].item<float>(), hi = std::max(q[1].item<float>(), lo + 1e-6f);
    const float* px = im.data_ptr<float>();
    const float* heat = nullptr;
    for (const ai::Heatmap& h : f.heatmaps)
        if (h.className == className && h.map) heat = h.map->dataAs<float>();
    const std::uint8_t* labels = f.labels ? f.labels->dataAs<std::uint8_t>() : nullptr;
    QImage out(W, H, QImage::Format_RGB32);
    for (int y = 0; y < H; ++y) {
        QRgb* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < W; ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(W) + std::size_t(x);
            const int g = int(std::clamp((px[i] - lo) / (hi - lo), 0.0f, 1.0f) * 255);
            int r = g, gr = g, b = g;
            if (labels && labels[i]) {
                r = (g + 2 * 255) / 3;
                gr = b = g / 3;
            } else if (heat && heat[i] > 0.2f) {
                const float a = std::min(0.6f, heat[i] * 0.6f);
                r = int(g * (1 - a) + 255 * a);
                gr = int(g * (1 - a) + 255 * heat[i] * a);
                b = int(g * (1 - a));
            }
            line[x] = qRgb(r, gr, b);
        }
    }
    return out;
}

}  // namespace

ModelCompareDialog::ModelCompareDialog(QString a, QString b, bool offerActivation, QWidget* parent)
    : QDialog(parent), a_(std::move(a)), b_(std::move(b)) {
    setWindowTitle(tr("Compare model versions"));
    resize(980, 640);
    summary_ = new QLabel(tr("Comparing on the new version's validation cases..."));
    summary_->setObjectName(QStringLiteral("compareSummary"));
    summary_->setWordWrap(true);
    progress_ = new QProgressBar;
    cancel_ = new QPushButton(tr("&Cancel"));
    table_ = new QTableWidget;
    table_->setObjectName(QStringLiteral("compareTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    disagreements_ = new QListWidget;
    disagreements_->setObjectName(QStringLiteral("disagreements"));
    previewA_ = new QLabel;
    previewA_->setObjectName(QStringLiteral("previewA"));
    previewB_ = new QLabel;
    previewB_->setObjectName(QStringLiteral("previewB"));
    for (QLabel* l : {previewA_, previewB_}) {
        l->setMinimumSize(240, 240);
        l->setAlignment(Qt::AlignCenter);
    }
    activate_ = new QPushButton(tr("&Activate B"));
    activate_->setObjectName(QStringLiteral("activateCompared"));
    activate_->setVisible(offerActivation);
    activate_->setEnabled(false);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);

    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancel_);
    auto* previews = new QHBoxLayout;
    previews->addWidget(previewA_, 1);
    previews->addWidget(previewB_, 1);
    auto* lower = new QHBoxLayout;
    auto* listColumn = new QVBoxLayout;
    listColumn->addWidget(new QLabel(tr("Where they disagree most (choose one to see it):")));
    listColumn->addWidget(disagreements_, 1);
    lower->addLayout(listColumn, 1);
    lower->addLayout(previews, 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(activate_);
    buttons->addStretch();
    buttons->addWidget(close);
    auto* v = new QVBoxLayout(this);
    v->addWidget(summary_);
    v->addLayout(progressRow);
    v->addWidget(table_, 1);
    v->addLayout(lower, 2);
    v->addLayout(buttons);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (task_) task_->cancel();
    });
    connect(activate_, &QPushButton::clicked, this, [this] {
        Q_EMIT activateRequested();
        accept();
    });
    connect(disagreements_, &QListWidget::currentRowChanged, this, &ModelCompareDialog::showCase);
    start();
}

void ModelCompareDialog::start() {
    const std::string a = a_.toStdString(), b = b_.toStdString();
    task_ = new BackgroundTask(
        tr("Comparing models"),
        [a, b](BackgroundTask::Control& c) -> std::any {
            Loaded out;
            const torch::Device device = ai::chooseDevice("auto");
            out.a = ai::LoadedModel::load(a, device);
            out.b = ai::LoadedModel::load(b, device);
            out.cases = std::make_shared<std::vector<ai::TrainingSample>>(
                ai::ModelComparison::validationCasesOf(out.a->manifest, out.b->manifest));
            ai::ComparisonOptions options;
            options.cancel = c.cancelFlag();
            options.progress = [&c](int done, int total) { c.setProgress(done, total); };
            out.result = ai::ModelComparison::run(*out.a, *out.b, *out.cases, options);
            return out;
        },
        this);
    connect(task_, &BackgroundTask::progressChanged, this, [this](qint64 done, qint64 total) {
        progress_->setMaximum(int(total));
        progress_->setValue(int(done));
    });
    connect(task_, &BackgroundTask::finished, this, [this] {
        BackgroundTask* t = task_;
        task_ = nullptr;
        progress_->hide();
        cancel_->hide();
        finished_ = true;
        if (t->state() == ai::JobState::Done) {
            const Loaded l = t->result<Loaded>();
            modelA_ = l.a;
            modelB_ = l.b;
            cases_ = l.cases;
            result_ = l.result;
            showResult();
        } else if (t->state() == ai::JobState::Cancelled) {
            summary_->setText(tr("Comparison cancelled."));
        } else {
            summary_->setText(tr("Cannot compare: %1").arg(t->error()));
        }
        Q_EMIT comparisonFinished();
    });
    task_->start();
}

void ModelCompareDialog::showResult() {
    const json& r = result_;
    const bool segment = r.contains("segmentation");
    summary_->setText(tr("A: %1 version %2 (active). B: %3 version %4. %n case(s) of B's "
                         "validation patients.",
                         nullptr, r.value("cases", 0))
                          .arg(QString::fromStdString(r["model_a"].value("name", "")),
                               QString::fromStdString(r["model_a"].value("version", "")),
                               QString::fromStdString(r["model_b"].value("name", "")),
                               QString::fromStdString(r["model_b"].value("version", ""))));
    const QStringList columns =
        segment ? QStringList{tr("IoU A"), tr("IoU B"), tr("Dice A"), tr("Dice B")}
                : QStringList{tr("AUROC A"), tr("AUROC B"),       tr("B - A (95% CI)"),
                              tr("p"),       tr("Sens./spec. A"), tr("Sens./spec. B")};
    const json& classes = r["classes"];
    table_->clear();
    table_->setColumnCount(columns.size());
    table_->setHorizontalHeaderLabels(columns);
    table_->setRowCount(int(classes.size()));
    for (int row = 0; row < int(classes.size()); ++row) {
        const json& c = classes[std::size_t(row)];
        table_->setVerticalHeaderItem(
            row, new QTableWidgetItem(ClassNames::display(c.value("name", std::string()))));
        QStringList cells;
        if (segment) {
            cells = {number(c["iou_a"]), number(c["iou_b"]), number(c["dice_a"]),
                     number(c["dice_b"])};
        } else {
            QString diff = number(c["difference"]);
            if (c["ci95"].is_array())
                diff +=
                    QStringLiteral(" (%1 to %2)").arg(number(c["ci95"][0]), number(c["ci95"][1]));
            cells = {number(c["auroc_a"]),
                     number(c["auroc_b"]),
                     diff,
                     number(c["p_value"], 4),
                     number(c["a"]["sensitivity"]) + QStringLiteral(" / ") +
                         number(c["a"]["specificity"]),
                     number(c["b"]["sensitivity"]) + QStringLiteral(" / ") +
                         number(c["b"]["specificity"])};
        }
        for (int k = 0; k < cells.size(); ++k) {
            auto* item = new QTableWidgetItem(cells[k]);
            // A significant difference in B's favour or against it.
            if (!segment && k == 2 && c["ci95"].is_array()) {
                const double lo = c["ci95"][0].get<double>(), hi = c["ci95"][1].get<double>();
                if (lo > 0) item->setForeground(QColor(39, 174, 96));
                if (hi < 0) item->setForeground(QColor(192, 57, 43));
            }
            table_->setItem(row, k, item);
        }
    }
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    disagreements_->clear();
    for (const json& d : r["disagreements"]) {
        const QString source = QString::fromStdString(d.value("case", ""));
        auto* item =
            new QListWidgetItem(tr("%1 (%2): A %3, B %4")
                                    .arg(source.section(QLatin1Char('/'), -1),
                                         ClassNames::display(d.value("class", std::string())),
                                         number(d["a"]), number(d["b"])));
        item->setToolTip(source);
        disagreements_->addItem(item);
    }
    activate_->setEnabled(true);
}

void ModelCompareDialog::showCase(int row) {
    if (!cases_ || row < 0 || row >= int(result_["disagreements"].size())) return;
    const json& d = result_["disagreements"][std::size_t(row)];
    const std::string source = d.value("case", "");
    const auto it = std::find_if(cases_->begin(), cases_->end(),
                                 [&](const ai::TrainingSample& s) { return s.source == source; });
    if (it == cases_->end()) return;
    const std::string className = d.value("class", "");
    auto draw = [&](ai::LoadedModel& model, QLabel* label, const QString& which) {
        const imaging::Volume v = ai::ModelComparison::volumeOf(*it);
        ai::AnalyzeOptions options;
        options.heatmaps = true;
        options.heatmapClasses = {className};
        try {
            ai::Findings f = ai::Analyzer::analyze(model, v, source, options);
            QImage image = renderCase(*it, f, className);
            QPixmap pixmap = QPixmap::fromImage(image).scaled(label->size(), Qt::KeepAspectRatio,
                                                              Qt::SmoothTransformation);
            QPainter p(&pixmap);
            p.setPen(Qt::yellow);
            p.drawText(pixmap.rect().adjusted(4, 4, -4, -4), Qt::AlignTop | Qt::AlignLeft, which);
            p.end();
            label->setPixmap(pixmap);
        } catch (const std::exception& e) {
            label->setText(tr("Cannot show it: %1").arg(QString::fromUtf8(e.what())));
        }
    };
    draw(*modelA_, previewA_, tr("A: %1").arg(number(d["a"])));
    draw(*modelB_, previewB_, tr("B: %1").arg(number(d["b"])));
}

}  // namespace radlens::ui
