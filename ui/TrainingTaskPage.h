#pragma once
// The training wizard's page "task" (TrainingWizard::Page): The first page: classification or
// segmentation, and the network. Header-only: TrainingWizard.cpp is its one user. Strings are in
// the wizard's translation context.
//
// Threads: GUI thread. Ownership: the wizard owns its pages.

#include <QComboBox>
#include <QFormLayout>
#include <QRadioButton>

#include "ui/TrainingWizard.h"

namespace radlens::ui {

/// The networks offered for a task.
inline QStringList architectures(bool segment) {
    return segment ? QStringList{QStringLiteral("unet-efficientnet_b0"),
                                 QStringLiteral("unet-resnet34")}
                   : QStringList{QStringLiteral("resnet18"), QStringLiteral("resnet34"),
                                 QStringLiteral("resnet50"), QStringLiteral("resnet101"),
                                 QStringLiteral("efficientnet_b0")};
}

class TaskPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    TaskPageWidget() {
        setTitle(tr("What to train"));
        setSubTitle(
            tr("Fine-tune a classifier (findings per image) or a segmenter (lesion "
               "masks) on your local annotations."));
        auto* classify = new QRadioButton(tr("&Classification (probability per finding)"));
        auto* segment = new QRadioButton(tr("&Segmentation (lesion masks)"));
        classify->setObjectName(QStringLiteral("taskClassify"));
        segment->setObjectName(QStringLiteral("taskSegment"));
        classify->setChecked(true);
        auto* arch = new QComboBox;
        arch->setObjectName(QStringLiteral("arch"));
        arch->addItems(architectures(false));
        connect(segment, &QRadioButton::toggled, this, [arch](bool seg) {
            arch->clear();
            arch->addItems(architectures(seg));
        });
        registerField(QStringLiteral("segment"), segment);
        registerField(QStringLiteral("arch"), arch, "currentText");
        auto* form = new QFormLayout(this);
        form->addRow(classify);
        form->addRow(segment);
        form->addRow(tr("&Network:"), arch);
    }
};

}  // namespace radlens::ui
