#include "ui/NetworkPreferences.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <chrono>
#include <memory>

#include "net/NodeList.h"
#include "net/RemoteClient.h"
#include "ui/BackgroundTask.h"
#include "ui/NodeEditDialog.h"

namespace radlens::ui {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

NetworkPreferences::NetworkPreferences(QWidget* parent) : QWidget(parent) {
    table_ = new QTableWidget(0, 3);
    table_->setObjectName(QStringLiteral("nodes"));
    table_->setHorizontalHeaderLabels({tr("Name"), tr("Address"), tr("Our AE title")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(table_, &QTableWidget::cellDoubleClicked, this, &NetworkPreferences::editNode);
    auto button = [this](const QString& text, const char* name,
                         void (NetworkPreferences::*slot)()) {
        auto* b = new QPushButton(text);
        b->setObjectName(QLatin1String(name));
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(button(tr("&Add..."), "addNode", &NetworkPreferences::addNode));
    buttons->addWidget(button(tr("&Edit..."), "editNode", &NetworkPreferences::editNode));
    buttons->addWidget(button(tr("&Remove"), "removeNode", &NetworkPreferences::removeNode));
    buttons->addWidget(button(tr("&Test"), "testNode", &NetworkPreferences::testNode));
    buttons->addStretch(1);
    result_ = new QLabel;
    result_->setObjectName(QStringLiteral("testResult"));
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* note =
        new QLabel(tr("The same list as `radlens-cli node`. Passwords and tokens stay in "
                      "the files named here; Radlens reads them when it connects."));
    note->setWordWrap(true);
    auto* v = new QVBoxLayout(this);
    v->addWidget(table_, 1);
    v->addLayout(buttons);
    v->addWidget(result_);
    v->addWidget(note);
    reload();
}

QString NetworkPreferences::testResult() const { return result_->text(); }

void NetworkPreferences::reload() {
    table_->setRowCount(0);
    try {
        const net::NodeList list = net::NodeList::load();
        for (const net::RemoteNode& n : list.nodes()) {
            const int row = table_->rowCount();
            table_->insertRow(row);
            table_->setItem(row, 0, new QTableWidgetItem(q(n.name)));
            table_->setItem(row, 1, new QTableWidgetItem(q(n.address())));
            table_->setItem(row, 2, new QTableWidgetItem(q(n.callingAet())));
        }
    } catch (const std::exception& e) {
        result_->setText(tr("Cannot read the node list: %1").arg(q(e.what())));
    }
    if (table_->rowCount() > 0) table_->selectRow(0);
}

void NetworkPreferences::change(const std::function<bool(net::NodeList&)>& edit) {
    try {
        net::NodeList list = net::NodeList::load();
        if (!edit(list)) return;  // nothing changed
        list.save();
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Network"), q(e.what()));
        return;
    }
    reload();
    Q_EMIT nodesChanged();
}

void NetworkPreferences::addNode() {
    change([this](net::NodeList& list) {
        NodeEditDialog dialog(net::RemoteNode{}, this);
        if (dialog.exec() != QDialog::Accepted) return false;
        list.put(dialog.node());
        return true;
    });
}

void NetworkPreferences::editNode() {
    const int row = table_->currentRow();
    if (row < 0) return;
    const std::string name = table_->item(row, 0)->text().toStdString();
    change([this, &name](net::NodeList& list) {
        const auto node = list.find(name);
        if (!node) return false;
        NodeEditDialog dialog(*node, this);
        if (dialog.exec() != QDialog::Accepted) return false;
        const net::RemoteNode edited = dialog.node();
        if (edited.name != name) list.remove(name);
        list.put(edited);
        return true;
    });
}

void NetworkPreferences::removeNode() {
    const int row = table_->currentRow();
    if (row < 0) return;
    const QString name = table_->item(row, 0)->text();
    if (QMessageBox::question(this, tr("Remove Node"), tr("Remove the node %1?").arg(name)) !=
        QMessageBox::Yes)
        return;
    change([&name](net::NodeList& list) { return list.remove(name.toStdString()); });
}

void NetworkPreferences::testNode() {
    const int row = table_->currentRow();
    if (row < 0) {
        result_->setText(tr("Select a node to test."));
        return;
    }
    std::optional<net::RemoteNode> node;
    try {
        node = net::NodeList::load().find(table_->item(row, 0)->text().toStdString());
    } catch (const std::exception& e) {
        result_->setText(q(e.what()));
        return;
    }
    if (!node) return;
    result_->setText(tr("Testing %1...").arg(q(node->name)));
    ++testing_;
    auto* task = new BackgroundTask(
        tr("Testing a node"),
        [n = *node](BackgroundTask::Control& c) {
            std::unique_ptr<net::RemoteClient> client = net::RemoteClient::create(n);
            client->setCancelFlag(c.cancelFlag());
            const auto t0 = std::chrono::steady_clock::now();
            client->echo();
            return std::any(
                static_cast<qint64>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - t0)
                                        .count()));
        },
        this);
    connect(task, &BackgroundTask::finished, this, [this, task, name = q(node->name)] {
        --testing_;
        if (task->state() == BackgroundTask::State::Done)
            result_->setText(tr("%1 answered in %2 ms.").arg(name).arg(task->result<qint64>()));
        else if (task->state() == BackgroundTask::State::Failed)
            result_->setText(tr("%1 did not answer: %2").arg(name, task->error()));
    });
    task->start();
}

}  // namespace radlens::ui
