#include "ui/ReceivePreferences.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/ReceivingNode.h"

namespace radlens::ui {

ReceivePreferences::ReceivePreferences(ReceivingNode* node, QWidget* parent)
    : QGroupBox(tr("Receive studies"), parent), node_(node) {
    setObjectName(QStringLiteral("receiveStudies"));
    const ReceivingNode::Settings s = node ? node->settings() : ReceivingNode::Settings::load();
    enabled_ = new QCheckBox(tr("Receive studies sent to Radlens and analyse them"));
    enabled_->setObjectName(QStringLiteral("receiveEnabled"));
    enabled_->setChecked(s.enabled);
    aet_ = new QLineEdit(s.aet);
    aet_->setObjectName(QStringLiteral("receiveAet"));
    aet_->setMaxLength(16);
    port_ = new QSpinBox;
    port_->setObjectName(QStringLiteral("receivePort"));
    port_->setRange(1, 65535);
    port_->setValue(s.port);
    port_->setMinimumWidth(port_->fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 40);
    allowed_ = new QLineEdit(s.allowed.join(QStringLiteral(",")));
    allowed_->setObjectName(QStringLiteral("receiveAllowed"));
    allowed_->setPlaceholderText(tr("any (e.g. PACS,CT1)"));
    allowed_->setToolTip(
        tr("Calling AE titles allowed to send, separated by commas; empty "
           "allows any. Others are refused at association."));
    quiet_ = new QDoubleSpinBox;
    quiet_->setObjectName(QStringLiteral("receiveQuiet"));
    quiet_->setRange(0.1, 3600);
    quiet_->setDecimals(1);
    quiet_->setSuffix(tr(" s"));
    quiet_->setValue(s.quietSeconds);
    quiet_->setToolTip(
        tr("A series is complete, and analysed, when nothing of it has arrived "
           "for this long."));
    auto* apply = new QPushButton(tr("A&pply"));
    apply->setObjectName(QStringLiteral("receiveApply"));
    connect(apply, &QPushButton::clicked, this, [this] { this->apply(); });
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("receiveStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    log_ = new QPlainTextEdit;
    log_->setObjectName(QStringLiteral("receiveLog"));
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(ReceivingNode::kLogLines);
    log_->setMinimumHeight(120);
    auto* form = new QFormLayout;
    form->addRow(enabled_);
    auto* address = new QHBoxLayout;
    address->addWidget(aet_, 1);
    address->addWidget(new QLabel(tr("Port:")));
    address->addWidget(port_);
    form->addRow(tr("Our AE title:"), address);
    form->addRow(tr("Allowed senders:"), allowed_);
    form->addRow(tr("Series complete after:"), quiet_);
    auto* row = new QHBoxLayout;
    row->addWidget(status_, 1);
    row->addWidget(apply);
    auto* v = new QVBoxLayout(this);
    v->addLayout(form);
    v->addLayout(row);
    v->addWidget(log_, 1);
    if (!node_) {
        setEnabled(false);
        status_->setText(tr("Not available here"));
        return;
    }
    log_->setPlainText(node_->log().join(QLatin1Char('\n')));
    connect(node_, &ReceivingNode::logAppended, log_, &QPlainTextEdit::appendPlainText);
    connect(node_, &ReceivingNode::stateChanged, this, &ReceivePreferences::showState);
    connect(node_, &ReceivingNode::logAppended, this, &ReceivePreferences::showState);
    showState();
}

bool ReceivePreferences::apply() {
    ReceivingNode::Settings s;
    s.enabled = enabled_->isChecked();
    s.aet = aet_->text().trimmed();
    s.port = port_->value();
    for (const QString& a : allowed_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!a.trimmed().isEmpty()) s.allowed << a.trimmed();
    s.quietSeconds = quiet_->value();
    if (const QString why = s.problem(); !why.isEmpty()) {
        status_->setText(QStringLiteral("<span style='color:#c0392b'>\u25CF</span> ") +
                         why.toHtmlEscaped());
        return false;
    }
    s.save();
    return node_ && node_->apply(s);
}

QString ReceivePreferences::statusText() const { return node_ ? node_->statusText() : QString(); }

void ReceivePreferences::showState() {
    if (!node_) return;
    const char* colour = node_->state() == ReceivingNode::State::Listening ? "#27ae60"
                         : node_->state() == ReceivingNode::State::Failed  ? "#c0392b"
                                                                           : "#7f8c8d";
    status_->setText(
        QStringLiteral("<span style='color:%1'>\u25CF</span> ").arg(QLatin1String(colour)) +
        node_->statusText().toHtmlEscaped());
}

}  // namespace radlens::ui
