#include "ui/LabelUndoCommand.h"

namespace radlens::ui {

LabelUndoCommand::LabelUndoCommand(const QString& name, imaging::LabelPatch patch,
                                   imaging::Volume* labels, std::function<void()> changed)
    : QUndoCommand(name), patch_(std::move(patch)), labels_(labels), changed_(std::move(changed)) {}

void LabelUndoCommand::undo() {
    patch_.apply(*labels_, true);
    applied_ = false;
    changed_();
}

void LabelUndoCommand::redo() {
    if (applied_) return;  // pushed after the change was made
    patch_.apply(*labels_, false);
    applied_ = true;
    changed_();
}

}  // namespace radlens::ui
