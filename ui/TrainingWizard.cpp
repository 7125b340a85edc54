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
#include <vector>

#include "ai/ModelBundle.h"
#include "ai/ModelRegistry.h"
#include "ai/TrainingConfig.h"
#include "ui/ClassNames.h"
#include "ui/TrainingBasePage.h"
#include "ui/TrainingDataPage.h"
#include "ui/TrainingResultsPage.h"
#include "ui/TrainingRun.h"
#include "ui/TrainingRunPage.h"
#include "ui/TrainingSettingsPage.h"
#include "ui/TrainingTaskPage.h"

namespace radlens::ui {

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
    const QString target = field(QStringLiteral("operating_target")).toString();
    if (!target.isEmpty() && target != QLatin1String("f1"))
        c.insert(QStringLiteral("operating_point"),
                 QJsonObject{{QStringLiteral("target"), target},
                             {QStringLiteral("value"),
                              field(QStringLiteral("operating_goal")).toDouble()}});
    if (!field(QStringLiteral("augment")).toBool()) c.insert(QStringLiteral("augment"), false);
    c.insert(QStringLiteral("device"), field(QStringLiteral("device")).toString());
    c.insert(QStringLiteral("output"), field(QStringLiteral("output")).toString());
    return c;
}

}  // namespace radlens::ui
