#pragma once
// One step of label editing on the undo stack: a named imaging::LabelPatch
// (only the changed box, run-length encoded). Made after the change is
// already on the label map, so its first redo() does nothing.
//
// Threads: GUI thread. Ownership: the QUndoStack owns the command; the label
// map is the editor's, which outlives its stack.

#include <QUndoCommand>
#include <functional>

#include "imaging/LabelPatch.h"
#include "imaging/Volume.h"

namespace radlens::ui {

class LabelUndoCommand : public QUndoCommand {
public:
    /// `changed` runs after every undo and redo (to redraw and autosave).
    LabelUndoCommand(const QString& name, imaging::LabelPatch patch, imaging::Volume* labels,
                     std::function<void()> changed);
    void undo() override;
    void redo() override;
    const imaging::LabelPatch& patch() const { return patch_; }
    /// Memory held (what the editor's undo cap counts).
    std::size_t bytes() const { return patch_.bytes() + sizeof(*this); }

private:
    imaging::LabelPatch patch_;
    imaging::Volume* labels_;
    std::function<void()> changed_;
    bool applied_ = true;
};

}  // namespace radlens::ui
