#include "ui/NodeEditDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <stdexcept>

#include "net/NodeList.h"

namespace radlens::ui {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

QLineEdit* NodeEditDialog::fileField(const char* name, const QString& value, const QString& title) {
    auto* e = new QLineEdit(value);
    e->setObjectName(QLatin1String(name));
    e->setClearButtonEnabled(true);
    auto* browse =
        e->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
    browse->setToolTip(tr("Choose a file"));
    connect(browse, &QAction::triggered, this, [this, e, title] {
        const QString f = QFileDialog::getOpenFileName(this, title, e->text());
        if (!f.isEmpty()) e->setText(f);
    });
    return e;
}

NodeEditDialog::NodeEditDialog(const net::RemoteNode& node, QWidget* parent) : QDialog(parent) {
    setWindowTitle(node.name.empty() ? tr("Add Node") : tr("Edit Node"));
    name_ = new QLineEdit(q(node.name));
    name_->setObjectName(QStringLiteral("name"));
    protocol_ = new QComboBox;
    protocol_->setObjectName(QStringLiteral("protocol"));
    protocol_->addItem(tr("DICOM (DIMSE: C-FIND, C-GET, C-MOVE, C-STORE)"));
    protocol_->addItem(tr("DICOMweb (QIDO-RS, WADO-RS, STOW-RS)"));
    const bool web = node.protocol == net::RemoteNode::Protocol::DicomWeb;
    protocol_->setCurrentIndex(web ? 1 : 0);

    calledAet_ = new QLineEdit(q(node.calledAet));
    calledAet_->setObjectName(QStringLiteral("calledAet"));
    calledAet_->setMaxLength(16);
    host_ = new QLineEdit(q(node.host));
    host_->setObjectName(QStringLiteral("host"));
    port_ = new QSpinBox;
    port_->setObjectName(QStringLiteral("port"));
    port_->setRange(1, 65535);
    port_->setValue(node.port > 0 ? node.port : 104);
    tls_ = new QComboBox;
    tls_->addItems({tr("No"), tr("Yes (DICOM TLS)")});
    tls_->setCurrentIndex(node.tls && !web ? 1 : 0);
    via_ = new QComboBox;
    via_->setObjectName(QStringLiteral("via"));
    via_->addItems({tr("C-GET"), tr("C-MOVE to us")});
    via_->setCurrentIndex(node.retrieveByMove ? 1 : 0);
    via_->setToolTip(tr("C-MOVE needs the node to know our AE title, this computer and the port"));
    movePort_ = new QSpinBox;
    movePort_->setObjectName(QStringLiteral("movePort"));
    movePort_->setRange(1, 65535);
    movePort_->setValue(node.movePort);
    movePort_->setEnabled(node.retrieveByMove);
    connect(via_, &QComboBox::currentIndexChanged, movePort_,
            [this](int i) { movePort_->setEnabled(i == 1); });
    auto* dimse = new QWidget;
    auto* dimseForm = new QFormLayout(dimse);
    dimseForm->setContentsMargins(0, 0, 0, 0);
    dimseForm->addRow(tr("Its AE &title:"), calledAet_);
    dimseForm->addRow(tr("&Host:"), host_);
    dimseForm->addRow(tr("&Port:"), port_);
    dimseForm->addRow(tr("T&LS:"), tls_);
    dimseForm->addRow(tr("Retrieve &with:"), via_);
    dimseForm->addRow(tr("Our &listening port:"), movePort_);

    url_ = new QLineEdit(q(node.url));
    url_->setObjectName(QStringLiteral("url"));
    url_->setPlaceholderText(tr("http://pacs:8042/dicom-web"));
    user_ = new QLineEdit(q(node.user));
    user_->setObjectName(QStringLiteral("user"));
    passwordFile_ = fileField("passwordFile", q(node.passwordFile), tr("Password File"));
    passwordFile_->setToolTip(
        tr("A file whose first line is the password; it is read when "
           "connecting and never shown"));
    tokenFile_ = fileField("tokenFile", q(node.tokenFile), tr("Token File"));
    auto* webPage = new QWidget;
    auto* webForm = new QFormLayout(webPage);
    webForm->setContentsMargins(0, 0, 0, 0);
    webForm->addRow(tr("Service &URL:"), url_);
    webForm->addRow(tr("U&ser:"), user_);
    webForm->addRow(tr("Pass&word file:"), passwordFile_);
    webForm->addRow(tr("Bearer to&ken file:"), tokenFile_);

    pages_ = new QStackedWidget;
    pages_->addWidget(dimse);
    pages_->addWidget(webPage);
    pages_->setCurrentIndex(web ? 1 : 0);
    connect(protocol_, &QComboBox::currentIndexChanged, pages_, &QStackedWidget::setCurrentIndex);

    ourAet_ = new QLineEdit(q(node.ourAet));
    ourAet_->setObjectName(QStringLiteral("ourAet"));
    ourAet_->setMaxLength(16);
    ourAet_->setPlaceholderText(q(net::RemoteNode::defaultAet()));
    caFile_ = fileField("caFile", q(node.caFile), tr("CA Certificates (PEM)"));
    caFile_->setPlaceholderText(tr("the system's"));
    timeout_ = new QSpinBox;
    timeout_->setRange(1, 3600);
    timeout_->setSuffix(tr(" s"));
    timeout_->setValue(node.timeoutSeconds);

    error_ = new QLabel;
    error_->setObjectName(QStringLiteral("error"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #c0392b"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("P&rotocol:"), protocol_);
    form->addRow(pages_);
    form->addRow(tr("&Our AE title:"), ourAet_);
    form->addRow(tr("&CA file:"), caFile_);
    form->addRow(tr("T&imeout:"), timeout_);
    auto* v = new QVBoxLayout(this);
    v->addLayout(form);
    v->addWidget(error_);
    v->addWidget(buttons);
}

net::RemoteNode NodeEditDialog::node() const {
    net::RemoteNode n;
    if (protocol_->currentIndex() == 1) {
        n = net::RemoteNode::parse(url_->text().trimmed().toStdString());
        n.user = user_->text().trimmed().toStdString();
        n.passwordFile = passwordFile_->text().trimmed().toStdString();
        n.tokenFile = tokenFile_->text().trimmed().toStdString();
        if (!n.passwordFile.empty() && n.user.empty())
            throw std::invalid_argument(tr("A password file needs a user.").toStdString());
        if (!n.tokenFile.empty() && !n.user.empty())
            throw std::invalid_argument(
                tr("Give either a user and password file or a token file.").toStdString());
    } else {
        n = net::RemoteNode::parse((tls_->currentIndex() == 1 ? "dimses://" : "dimse://") +
                                   calledAet_->text().trimmed().toStdString() + "@" +
                                   host_->text().trimmed().toStdString() + ":" +
                                   std::to_string(port_->value()));
        n.retrieveByMove = via_->currentIndex() == 1;
        n.movePort = movePort_->value();
    }
    n.name = name_->text().trimmed().toStdString();
    n.ourAet = ourAet_->text().trimmed().toStdString();
    n.caFile = caFile_->text().trimmed().toStdString();
    n.timeoutSeconds = timeout_->value();
    net::NodeList check;
    check.put(n);  // the name's and our AE title's rules
    for (const std::string& f : {n.passwordFile, n.tokenFile})
        if (!f.empty()) net::RemoteNode::readSecret(f);  // throws runtime_error
    return n;
}

void NodeEditDialog::accept() {
    try {
        node();
    } catch (const std::exception& e) {
        error_->setText(q(e.what()));
        return;
    }
    QDialog::accept();
}

}  // namespace radlens::ui
