#include "ui/TrainingWizard.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <map>
#include <thread>
#include <vector>

#include "ai/ModelBundle.h"
#include "ai/ModelRegistry.h"
#include "ai/TrainingConfig.h"
#include "ai/TrainingDataLoader.h"
#include "ui/ClassNames.h"
#include "ui/TrainingRun.h"

namespace radlens::ui {

namespace {

QStringList architectures(bool segment) {
    return segment ? QStringList{QStringLiteral("unet-efficientnet_b0"),
                                 QStringLiteral("unet-resnet34")}
                   : QStringList{QStringLiteral("resnet18"), QStringLiteral("resnet34"),
                                 QStringLiteral("resnet50"), QStringLiteral("resnet101"),
                                 QStringLiteral("efficientnet_b0")};
}

// ---------------------------------------------------------------- task

class TaskPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    TaskPageWidget() {
        setTitle(tr("What to train"));
        setSubTitle(
            tr("Fine-tune a classifier (findings per image) or a segmenter (lesion "
               "masks) on your local annotations."));
        auto* classify = new QRadioButton(tr("&Classification (probability per finding)"));
        auto* segment = new QRadioButton(tr("&Segmentation (lesion masks)"));
        classify->setObjectName(QStringLiteral("taskClassify"));
        segment->setObjectName(QStringLiteral("taskSegment"));
        classify->setChecked(true);
        auto* arch = new QComboBox;
        arch->setObjectName(QStringLiteral("arch"));
        arch->addItems(architectures(false));
        connect(segment, &QRadioButton::toggled, this, [arch](bool seg) {
            arch->clear();
            arch->addItems(architectures(seg));
        });
        registerField(QStringLiteral("segment"), segment);
        registerField(QStringLiteral("arch"), arch, "currentText");
        auto* form = new QFormLayout(this);
        form->addRow(classify);
        form->addRow(segment);
        form->addRow(tr("&Network:"), arch);
    }
};

// ---------------------------------------------------------------- base

class BasePageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    explicit BasePageWidget(const QString& active) {
        setTitle(tr("Start from"));
        setSubTitle(
            tr("Fine-tuning a trained model needs far fewer examples than starting "
               "from scratch."));
        auto* scratch = new QRadioButton(tr("From &scratch (random weights)"));
        auto* bundle = new QRadioButton(tr("A model &bundle (the active model by default)"));
        auto* imagenet = new QRadioButton(tr("&ImageNet weights (a torchvision .pth file)"));
        scratch->setObjectName(QStringLiteral("baseScratch"));
        bundle->setObjectName(QStringLiteral("baseBundle"));
        imagenet->setObjectName(QStringLiteral("baseImagenet"));
        auto* bundlePath = new QLineEdit(active);
        bundlePath->setObjectName(QStringLiteral("baseBundlePath"));
        auto* imagenetPath = new QLineEdit;
        imagenetPath->setObjectName(QStringLiteral("baseImagenetPath"));
        (active.isEmpty() ? scratch : bundle)->setChecked(true);
        auto browse = [this](QLineEdit* edit, bool folder) {
            auto* b = new QPushButton(tr("Browse..."));
            connect(b, &QPushButton::clicked, this, [this, edit, folder] {
                const QString p =
                    folder ? QFileDialog::getExistingDirectory(this, tr("Model bundle"))
                           : QFileDialog::getOpenFileName(this, tr("Weights"), {},
                                                          tr("PyTorch weights (*.pth *.pt)"));
                if (!p.isEmpty()) edit->setText(p);
            });
            return b;
        };
        registerField(QStringLiteral("baseBundle"), bundle);
        registerField(QStringLiteral("baseImagenet"), imagenet);
        registerField(QStringLiteral("baseBundlePath"), bundlePath);
        registerField(QStringLiteral("baseImagenetPath"), imagenetPath);
        auto* v = new QVBoxLayout(this);
        v->addWidget(scratch);
        v->addWidget(bundle);
        auto* h1 = new QHBoxLayout;
        h1->addWidget(bundlePath);
        h1->addWidget(browse(bundlePath, true));
        v->addLayout(h1);
        v->addWidget(imagenet);
        auto* h2 = new QHBoxLayout;
        h2->addWidget(imagenetPath);
        h2->addWidget(browse(imagenetPath, false));
        v->addLayout(h2);
        v->addStretch();
    }
};

// ---------------------------------------------------------------- data

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

    void checkData() {
        summary_->setText(tr("Reading the data..."));
        QJsonObject c = wizard_->config();
        if (c.value(QStringLiteral("output")).toString().isEmpty())
            c.insert(QStringLiteral("output"), QStringLiteral("/tmp/unused"));
        const std::string json = QJsonDocument(c).toJson().toStdString();
        QPointer<QLabel> label = summary_;
        std::thread([json, label] {
            QString text;
            try {
                const ai::TrainingConfig cfg =
                    ai::TrainingConfig::fromJson(nlohmann::json::parse(json));
                const ai::LoadedTrainingData d = ai::TrainingDataLoader::load(cfg);
                text = tr("%n samples.", nullptr, int(d.samples.size()));
                for (std::size_t i = 0; i < cfg.classes.size(); ++i)
                    text += QStringLiteral(" %1: %2.")
                                .arg(ClassNames::display(cfg.classes[i]))
                                .arg(d.perClass[i]);
                if (d.synthetic) text += QLatin1Char(' ') + tr("SYNTHETIC data.");
                for (const std::string& w : d.warnings)
                    text += QStringLiteral("\n") + tr("Warning: %1").arg(QString::fromStdString(w));
            } catch (const std::exception& e) {
                text = tr("Cannot use this data: %1").arg(QString::fromUtf8(e.what()));
            }
            QMetaObject::invokeMethod(
                qApp,
                [label, text] {
                    if (label) label->setText(text);
                },
                Qt::QueuedConnection);
        }).detach();
    }
};

// ---------------------------------------------------------------- settings

class SettingsPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    SettingsPageWidget() {
        setTitle(tr("Split, hyper-parameters and device"));
        setSubTitle(
            tr("Defaults follow the reference work: 80/20 split by patient, Adam with "
               "learning rate 0.001, backbone frozen for 10 epochs."));
        auto spin = [this](const char* name, int lo, int hi, int value) {
            auto* s = new QSpinBox;
            s->setRange(lo, hi);
            s->setValue(value);
            s->setObjectName(QLatin1String(name));
            registerField(QLatin1String(name), s);
            return s;
        };
        auto* val = new QDoubleSpinBox;
        val->setRange(0.0, 0.9);
        val->setSingleStep(0.05);
        val->setValue(0.2);
        val->setObjectName(QStringLiteral("val_fraction"));
        registerField(QStringLiteral("val_fraction"), val, "value");
        auto* lr = new QDoubleSpinBox;
        lr->setDecimals(6);
        lr->setRange(1e-6, 1.0);
        lr->setSingleStep(1e-4);
        lr->setValue(1e-3);
        lr->setObjectName(QStringLiteral("lr"));
        registerField(QStringLiteral("lr"), lr, "value");
        auto* size = new QComboBox;
        size->addItems({QStringLiteral("128"), QStringLiteral("256"), QStringLiteral("512")});
        size->setCurrentIndex(1);
        size->setObjectName(QStringLiteral("image_size"));
        registerField(QStringLiteral("image_size"), size, "currentText");
        auto* mode = new QComboBox;
        mode->addItem(tr("multi-label (a probability per class)"), QStringLiteral("multilabel"));
        mode->addItem(tr("multi-class (one class per image)"), QStringLiteral("multiclass"));
        mode->setObjectName(QStringLiteral("mode"));
        registerField(QStringLiteral("mode"), mode, "currentData");
        auto* device = new QComboBox;
        device->addItem(tr("automatic (CUDA when present)"), QStringLiteral("auto"));
        device->addItem(tr("CPU"), QStringLiteral("cpu"));
        device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
        device->setObjectName(QStringLiteral("device"));
        registerField(QStringLiteral("device"), device, "currentData");
        auto* augment = new QCheckBox(tr("&Augmentation (rotation, flip, random crop)"));
        augment->setChecked(true);
        augment->setObjectName(QStringLiteral("augment"));
        registerField(QStringLiteral("augment"), augment);
        auto* output = new QLineEdit(
            QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                .filePath(QStringLiteral("models/new-model")));
        output->setObjectName(QStringLiteral("output"));
        registerField(QStringLiteral("output*"), output);

        auto* form = new QFormLayout(this);
        form->addRow(tr("&Validation fraction:"), val);
        form->addRow(tr("S&eed:"), spin("seed", 0, 1000000, 0));
        form->addRow(tr("E&pochs:"), spin("epochs", 1, 1000, 30));
        form->addRow(tr("&Batch size:"), spin("batch_size", 1, 256, 8));
        form->addRow(tr("&Image size:"), size);
        form->addRow(tr("&Learning rate:"), lr);
        auto* advanced = new QGroupBox(tr("Advanced"));
        advanced->setCheckable(true);
        advanced->setChecked(false);
        auto* adv = new QFormLayout(advanced);
        adv->addRow(tr("&Frozen backbone epochs:"), spin("freeze_epochs", 0, 1000, 10));
        adv->addRow(tr("Learning rate &halves every (epochs):"),
                    spin("lr_step_epochs", 0, 1000, 5));
        adv->addRow(tr("&Output mode:"), mode);
        adv->addRow(augment);
        form->addRow(advanced);
        form->addRow(tr("&Device:"), device);
        form->addRow(tr("New model &folder:"), output);
    }
};

// ---------------------------------------------------------------- run

class RunPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    explicit RunPageWidget(TrainingWizard* wizard) : wizard_(wizard) {
        setTitle(tr("Training"));
        setSubTitle(
            tr("The run is a separate process: the viewer stays responsive, and a "
               "crash of the run cannot take it down."));
        progress_ = new QProgressBar;
        progress_->setObjectName(QStringLiteral("runProgress"));
        status_ = new QLabel(tr("Starting..."));
        status_->setObjectName(QStringLiteral("runStatus"));
        status_->setWordWrap(true);
        pause_ = new QPushButton(tr("&Pause"));
        pause_->setObjectName(QStringLiteral("pauseRun"));
        cancel_ = new QPushButton(tr("&Cancel run"));
        cancel_->setObjectName(QStringLiteral("cancelRun"));
        auto* chart = new QChart;
        chart->setTitle(tr("Loss and validation metric"));
        trainLoss_ = new QLineSeries;
        trainLoss_->setName(tr("training loss (per step)"));
        valLoss_ = new QLineSeries;
        valLoss_->setName(tr("validation loss (per epoch)"));
        metric_ = new QLineSeries;
        metric_->setName(tr("validation metric (per epoch)"));
        for (QLineSeries* s : {trainLoss_, valLoss_, metric_}) chart->addSeries(s);
        axisX_ = new QValueAxis;
        axisX_->setTitleText(tr("epoch"));
        axisY_ = new QValueAxis;
        axisY_->setRange(0, 1);
        chart->addAxis(axisX_, Qt::AlignBottom);
        chart->addAxis(axisY_, Qt::AlignLeft);
        for (QLineSeries* s : {trainLoss_, valLoss_, metric_}) {
            s->attachAxis(axisX_);
            s->attachAxis(axisY_);
        }
        auto* view = new QChartView(chart);
        view->setMinimumHeight(220);
        auto* buttons = new QHBoxLayout;
        buttons->addWidget(pause_);
        buttons->addWidget(cancel_);
        buttons->addStretch();
        auto* v = new QVBoxLayout(this);
        v->addWidget(view);
        v->addWidget(progress_);
        v->addWidget(status_);
        v->addLayout(buttons);
        connect(pause_, &QPushButton::clicked, this, [this] {
            if (!run_) return;
            if (run_->isPaused()) {
                run_->resume();
                pause_->setText(tr("&Pause"));
            } else {
                run_->pause();
                pause_->setText(tr("&Resume"));
                status_->setText(tr("Paused."));
            }
        });
        connect(cancel_, &QPushButton::clicked, this, [this] {
            if (run_) run_->cancel();
        });
    }

    void initializePage() override {
        done_ = false;
        result_ = QJsonObject();
        baseline_ = QJsonObject();
        trainLoss_->clear();
        valLoss_->clear();
        metric_->clear();
        maxY_ = 1;
        delete run_;
        run_ = new TrainingRun(wizard_->cli(), this);
        connect(run_, &TrainingRun::event, this, [this](const QJsonObject& e) { onEvent(e); });
        connect(run_, &TrainingRun::finished, this, [this](bool ok, const QString& why) {
            pause_->setEnabled(false);
            cancel_->setEnabled(false);
            done_ = ok;
            if (!ok) {
                progress_->setRange(0, 1);
                progress_->setValue(0);
            }
            status_->setText(ok ? tr("Finished.") : tr("The run failed: %1").arg(why));
            Q_EMIT completeChanged();
        });
        pause_->setEnabled(true);
        cancel_->setEnabled(true);
        const QJsonObject c = wizard_->config();
        epochs_ = c.value(QStringLiteral("epochs")).toInt();
        axisX_->setRange(0, epochs_);
        progress_->setRange(0, 0);
        const QString output = c.value(QStringLiteral("output")).toString();
        QDir().mkpath(QFileInfo(output).absolutePath());
        run_->start(c, output + QStringLiteral(".json"));
    }

    void cleanupPage() override {
        if (run_ && run_->isRunning()) run_->cancel();
    }

    bool isComplete() const override { return done_; }

    QJsonObject result() const { return result_; }
    QJsonObject baseline() const { return baseline_; }

private:
    TrainingWizard* wizard_;
    QPointer<TrainingRun> run_;
    QProgressBar* progress_;
    QLabel* status_;
    QPushButton *pause_, *cancel_;
    QLineSeries *trainLoss_, *valLoss_, *metric_;
    QValueAxis *axisX_, *axisY_;
    int epochs_ = 1;
    double maxY_ = 1;
    bool done_ = false;
    QJsonObject result_, baseline_;

    void grow(double y) {
        if (y > maxY_) {
            maxY_ = y * 1.1;
            axisY_->setRange(0, maxY_);
        }
    }

    void onEvent(const QJsonObject& e) {
        const QString kind = e.value(QStringLiteral("event")).toString();
        if (kind == QStringLiteral("step")) {
            const int steps = e.value(QStringLiteral("steps")).toInt(1);
            const int epoch = e.value(QStringLiteral("epoch")).toInt(1);
            const int step = e.value(QStringLiteral("step")).toInt(1);
            progress_->setRange(0, epochs_ * steps);
            progress_->setValue((epoch - 1) * steps + step);
            const double loss = e.value(QStringLiteral("loss")).toDouble();
            trainLoss_->append(epoch - 1 + double(step) / steps, loss);
            grow(loss);
            if (!run_ || !run_->isPaused())
                status_->setText(tr("Epoch %1 of %2, step %3 of %4, loss %5; about %6 s left.")
                                     .arg(epoch)
                                     .arg(epochs_)
                                     .arg(step)
                                     .arg(steps)
                                     .arg(loss, 0, 'f', 4)
                                     .arg(qRound(e.value(QStringLiteral("eta_s")).toDouble())));
        } else if (kind == QStringLiteral("epoch")) {
            const QJsonObject m = e.value(QStringLiteral("metrics")).toObject();
            const int epoch = e.value(QStringLiteral("epoch")).toInt();
            const double vl = m.value(QStringLiteral("loss")).toDouble();
            valLoss_->append(epoch, vl);
            grow(vl);
            const bool segment = wizard_->field(QStringLiteral("segment")).toBool();
            metric_->append(
                epoch, m.value(segment ? QStringLiteral("iou") : QStringLiteral("f1")).toDouble());
        } else if (kind == QStringLiteral("baseline")) {
            baseline_ = e.value(QStringLiteral("metrics")).toObject();
        } else if (kind == QStringLiteral("done")) {
            result_ = e;
        }
    }
};

// ---------------------------------------------------------------- results

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
        auto* v = new QVBoxLayout(this);
        v->addWidget(summary_);
        v->addWidget(table_);
        v->addWidget(new QLabel(tr("Confusion matrix (rows: truth)")));
        v->addWidget(confusion_);
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
        try {
            const ai::Manifest manifest = ai::ModelBundle::readManifest(
                done.value(QStringLiteral("output")).toString().toStdString());
            for (const ai::ClassInfo& ci : manifest.classes)
                displayNames[ci.name] = ci.displayNames;
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
        activated_->clear();
        activate_->setEnabled(true);
    }

private:
    TrainingWizard* wizard_;
    RunPageWidget* run_;
    QLabel *summary_, *activated_;
    QTableWidget *table_, *confusion_;
    QPushButton* activate_;

    void activate() {
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

}  // namespace

TrainingWizard::TrainingWizard(QString cli, QString registryFolder, QString activeBundle,
                               QWidget* parent)
    : QWizard(parent),
      cli_(std::move(cli)),
      registryFolder_(std::move(registryFolder)),
      activeBundle_(std::move(activeBundle)) {
    setWindowTitle(tr("Train a model"));
    setObjectName(QStringLiteral("trainingWizard"));
    setPage(TaskPage, new TaskPageWidget);
    setPage(BasePage, new BasePageWidget(activeBundle_));
    setPage(DataPage, new DataPageWidget(this));
    setPage(SettingsPage, new SettingsPageWidget);
    auto* run = new RunPageWidget(this);
    setPage(RunPage, run);
    setPage(ResultsPage, new ResultsPageWidget(this, run));
    setOption(QWizard::NoBackButtonOnLastPage, true);
    resize(760, 600);
}

void TrainingWizard::addDataPath(const QString& path) {
    if (auto* p = dynamic_cast<DataPageWidget*>(page(DataPage))) p->addPath(path);
}

QJsonObject TrainingWizard::config() const {
    const bool segment = field(QStringLiteral("segment")).toBool();
    QJsonObject c;
    c.insert(QStringLiteral("task"),
             segment ? QStringLiteral("segment") : QStringLiteral("classify"));
    c.insert(QStringLiteral("arch"), field(QStringLiteral("arch")).toString());
    QJsonValue base = QJsonValue::Null;
    if (field(QStringLiteral("baseBundle")).toBool() &&
        !field(QStringLiteral("baseBundlePath")).toString().isEmpty())
        base = field(QStringLiteral("baseBundlePath")).toString();
    else if (field(QStringLiteral("baseImagenet")).toBool())
        base = QStringLiteral("imagenet:") + field(QStringLiteral("baseImagenetPath")).toString();
    c.insert(QStringLiteral("base"), base);
    QJsonArray data;
    if (auto* page = dynamic_cast<DataPageWidget*>(this->page(DataPage)))
        for (const QString& p : page->paths()) data.append(p);
    c.insert(QStringLiteral("data"), data);
    QJsonArray classes;
    for (const QString& n : field(QStringLiteral("classes")).toString().split(QLatin1Char(',')))
        if (!n.trimmed().isEmpty()) classes.append(n.trimmed());
    c.insert(QStringLiteral("classes"), classes);
    c.insert(QStringLiteral("mode"), field(QStringLiteral("mode")).toString().isEmpty()
                                         ? QStringLiteral("multilabel")
                                         : field(QStringLiteral("mode")).toString());
    c.insert(QStringLiteral("epochs"), field(QStringLiteral("epochs")).toInt());
    c.insert(QStringLiteral("batch_size"), field(QStringLiteral("batch_size")).toInt());
    c.insert(QStringLiteral("image_size"), field(QStringLiteral("image_size")).toString().toInt());
    c.insert(QStringLiteral("val_fraction"), field(QStringLiteral("val_fraction")).toDouble());
    c.insert(QStringLiteral("seed"), field(QStringLiteral("seed")).toInt());
    c.insert(QStringLiteral("lr"), field(QStringLiteral("lr")).toDouble());
    c.insert(QStringLiteral("freeze_epochs"), field(QStringLiteral("freeze_epochs")).toInt());
    c.insert(QStringLiteral("lr_step_epochs"), field(QStringLiteral("lr_step_epochs")).toInt());
    if (!field(QStringLiteral("augment")).toBool()) c.insert(QStringLiteral("augment"), false);
    c.insert(QStringLiteral("device"), field(QStringLiteral("device")).toString());
    c.insert(QStringLiteral("output"), field(QStringLiteral("output")).toString());
    return c;
}

}  // namespace radlens::ui
