#pragma once
// The main window's commands as table rows (ActionTable), and the F1 help
// built from the table. The window connects each id to what it does.
//
// Threads: GUI thread.

class QWidget;

namespace radlens::ui {

class ActionTable;

/// Adds every command of the main window that it defines itself (file,
/// layouts, view tools, measuring tools, AI, help) and the views' gestures.
/// Docks, undo/redo and the annotation tools are adopted by the window.
void defineMainWindowActions(ActionTable& table);

/// The Keyboard Shortcuts dialog: every row of table.helpRows().
void showShortcuts(const ActionTable& table, QWidget* parent);

}  // namespace radlens::ui
