#pragma once
// Every command of the main window in one table: id, text, shortcuts, group
// (the menu it belongs to), a tip, and whether the toolbar shows it. The
// menus, the toolbar and the F1 help are built from it, so the help cannot
// miss a shortcut: an action that has one is in the help because it is in
// the table. Gestures that are not actions (wheel, drags) are rows too.
//
// Threads: GUI thread. Ownership: the table owns the actions it creates
// (children of `parent`); adopted actions keep their owner.

#include <QAction>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>
#include <vector>

class QMenu;
class QToolBar;

namespace radlens::ui {

class ActionTable : public QObject {
    Q_OBJECT
public:
    struct Entry {
        QString id;
        QAction* action = nullptr;  ///< null for a separator or a gesture
        QString group;
        QString tip;   ///< what the help says it does
        QString keys;  ///< a gesture's keys (actions: their shortcuts)
        bool toolbar = false;
        bool menu = true;  ///< false: a separator for the toolbar only
    };

    explicit ActionTable(QObject* parent = nullptr);

    /// A new action in `group`; the first shortcut is the primary one.
    QAction* add(const QString& id, const QString& text, const QList<QKeySequence>& keys,
                 const QString& group, const QString& tip, bool toolbar = false);
    /// An action made elsewhere (a dock's toggle, the undo stack's, a panel's
    /// tools), listed under `group`.
    QAction* adopt(const QString& id, QAction* action, const QString& group, const QString& tip,
                   bool toolbar = false);
    /// A separator in `group`'s menu (`menu`) and/or in the toolbar (`toolbar`).
    void addSeparator(const QString& group, bool menu = true, bool toolbar = false);
    /// A help row for keys or a gesture handled by the views themselves.
    void addGesture(const QString& group, const QString& keys, const QString& tip);

    /// The action with `id`; nullptr when there is none.
    QAction* action(const QString& id) const;
    const std::vector<Entry>& entries() const { return entries_; }

    /// Fills `menu` with `group`'s actions and separators, in table order.
    void fillMenu(QMenu* menu, const QString& group) const;
    /// Adds the toolbar actions of every group, in table order.
    void fillToolBar(QToolBar* bar) const;

    struct HelpRow {
        QString keys, what;
    };
    /// Every action with a shortcut and every gesture, in table order.
    std::vector<HelpRow> helpRows() const;

private:
    std::vector<Entry> entries_;
};

}  // namespace radlens::ui
