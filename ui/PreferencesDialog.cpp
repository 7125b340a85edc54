#include "ui/PreferencesDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/NetworkPreferences.h"
#include "ui/ReceivePreferences.h"
#include "ui/Translations.h"

namespace radlens::ui {

namespace {
const char* kAnnotatorKey = "annotation/annotator";
const char* kAutoAnalyzeKey = "ai/analyzeAutomatically";
}  // namespace

PreferencesDialog::PreferencesDialog(QWidget* parent, ReceivingNode* receiving) : QDialog(parent) {
    setWindowTitle(tr("Preferences"));
    language_ = new QComboBox;
    language_->setObjectName(QStringLiteral("language"));
    language_->addItem(tr("System default"), QString());
    for (const QString& code : Translations::available())
        language_->addItem(Translations::nativeName(code), code);
    language_->setCurrentIndex(std::max(0, language_->findData(Translations::preferred())));
    annotator_ = new QLineEdit(annotatorName());
    annotator_->setObjectName(QStringLiteral("annotator"));
    autoAnalyze_ = new QCheckBox(tr("Run the active &models on every series opened"));
    autoAnalyze_->setObjectName(QStringLiteral("autoAnalyze"));
    autoAnalyze_->setChecked(analyzeAutomatically());
    auto* note = new QLabel(tr("A new language takes effect when Radlens starts again."));
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* general = new QWidget;
    auto* form = new QFormLayout(general);
    form->addRow(tr("&Language:"), language_);
    form->addRow(QString(), note);
    form->addRow(tr("&Annotator name:"), annotator_);
    form->addRow(QString(), autoAnalyze_);
    network_ = new NetworkPreferences;
    receive_ = new ReceivePreferences(receiving);
    auto* networkPage = new QWidget;
    auto* networkLayout = new QVBoxLayout(networkPage);
    networkLayout->addWidget(network_, 3);
    networkLayout->addWidget(receive_, 2);
    tabs_ = new QTabWidget;
    tabs_->addTab(general, tr("&General"));
    tabs_->addTab(networkPage, tr("&Network"));
    auto* v = new QVBoxLayout(this);
    v->addWidget(tabs_);
    v->addWidget(buttons);
    resize(620, 720);  // the node list, the Receive studies group and its log
}

void PreferencesDialog::showNetwork() { tabs_->setCurrentIndex(1); }

QString PreferencesDialog::annotatorName() {
    const QString saved = QSettings().value(QLatin1String(kAnnotatorKey)).toString();
    if (!saved.isEmpty()) return saved;
    return qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
}

bool PreferencesDialog::analyzeAutomatically() {
    return QSettings().value(QLatin1String(kAutoAnalyzeKey), true).toBool();
}

void PreferencesDialog::accept() {
    Translations::setPreferred(language_->currentData().toString());
    QSettings settings;
    const QString name = annotator_->text().trimmed();
    if (name.isEmpty())
        settings.remove(QLatin1String(kAnnotatorKey));
    else
        settings.setValue(QLatin1String(kAnnotatorKey), name);
    settings.setValue(QLatin1String(kAutoAnalyzeKey), autoAnalyze_->isChecked());
    settings.sync();
    QDialog::accept();
}

}  // namespace radlens::ui
