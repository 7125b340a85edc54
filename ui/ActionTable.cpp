#include "ui/ActionTable.h"

#include <QMenu>
#include <QToolBar>

namespace radlens::ui {

ActionTable::ActionTable(QObject* parent) : QObject(parent) {}

QAction* ActionTable::add(const QString& id, const QString& text, const QList<QKeySequence>& keys,
                          const QString& group, const QString& tip, bool toolbar) {
    auto* a = new QAction(text, this);
    a->setObjectName(id);
    a->setShortcuts(keys);
    if (!tip.isEmpty()) a->setToolTip(tip);
    entries_.push_back({id, a, group, tip, {}, toolbar});
    return a;
}

QAction* ActionTable::adopt(const QString& id, QAction* action, const QString& group,
                            const QString& tip, bool toolbar) {
    if (action->objectName().isEmpty()) action->setObjectName(id);
    entries_.push_back({id, action, group, tip, {}, toolbar});
    return action;
}

void ActionTable::addSeparator(const QString& group, bool menu, bool toolbar) {
    entries_.push_back({{}, nullptr, group, {}, {}, toolbar, menu});
}

void ActionTable::addGesture(const QString& group, const QString& keys, const QString& tip) {
    entries_.push_back({{}, nullptr, group, tip, keys, false});
}

QAction* ActionTable::action(const QString& id) const {
    for (const Entry& e : entries_)
        if (e.action && e.id == id) return e.action;
    return nullptr;
}

void ActionTable::fillMenu(QMenu* menu, const QString& group) const {
    for (const Entry& e : entries_) {
        if (e.group != group || !e.keys.isEmpty() || !e.menu) continue;
        if (e.action)
            menu->addAction(e.action);
        else
            menu->addSeparator();
    }
}

void ActionTable::fillToolBar(QToolBar* bar) const {
    for (const Entry& e : entries_) {
        if (!e.toolbar) continue;
        if (e.action)
            bar->addAction(e.action);
        else
            bar->addSeparator();
    }
}

std::vector<ActionTable::HelpRow> ActionTable::helpRows() const {
    std::vector<HelpRow> rows;
    for (const Entry& e : entries_) {
        if (!e.keys.isEmpty()) {
            rows.push_back({e.keys, e.tip});
        } else if (e.action && !e.action->shortcuts().isEmpty()) {
            QStringList keys;
            for (const QKeySequence& k : e.action->shortcuts())
                keys << k.toString(QKeySequence::NativeText);
            QString what = e.tip.isEmpty() ? e.action->text() : e.tip;
            what.remove(QLatin1Char('&'));
            rows.push_back({keys.join(QStringLiteral(", ")), what});
        }
    }
    return rows;
}

}  // namespace radlens::ui
