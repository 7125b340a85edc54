#pragma once
// The training wizard's page "settings" (TrainingWizard::Page): Split and hyper-parameters (the
// reference work's defaults) and the device. Header-only: TrainingWizard.cpp is its one user.
// Strings are in the wizard's translation context.
//
// Threads: GUI thread. Ownership: the wizard owns its pages.

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardPaths>

#include "ui/TrainingWizard.h"

namespace radlens::ui {

class SettingsPageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    SettingsPageWidget() {
        setTitle(tr("Split, hyper-parameters and device"));
        setSubTitle(
            tr("Defaults follow the reference work: 80/20 split by patient, Adam with "
               "learning rate 0.001, backbone frozen for 10 epochs."));
        auto spin = [this](const char* name, int lo, int hi, int value) {
            auto* s = new QSpinBox;
            s->setRange(lo, hi);
            s->setValue(value);
            s->setObjectName(QLatin1String(name));
            registerField(QLatin1String(name), s);
            return s;
        };
        auto* val = new QDoubleSpinBox;
        val->setRange(0.0, 0.9);
        val->setSingleStep(0.05);
        val->setValue(0.2);
        val->setObjectName(QStringLiteral("val_fraction"));
        registerField(QStringLiteral("val_fraction"), val, "value");
        auto* lr = new QDoubleSpinBox;
        lr->setDecimals(6);
        lr->setRange(1e-6, 1.0);
        lr->setSingleStep(1e-4);
        lr->setValue(1e-3);
        lr->setObjectName(QStringLiteral("lr"));
        registerField(QStringLiteral("lr"), lr, "value");
        auto* size = new QComboBox;
        size->addItems({QStringLiteral("128"), QStringLiteral("256"), QStringLiteral("512")});
        size->setCurrentIndex(1);
        size->setObjectName(QStringLiteral("image_size"));
        registerField(QStringLiteral("image_size"), size, "currentText");
        auto* mode = new QComboBox;
        mode->addItem(tr("multi-label (a probability per class)"), QStringLiteral("multilabel"));
        mode->addItem(tr("multi-class (one class per image)"), QStringLiteral("multiclass"));
        mode->setObjectName(QStringLiteral("mode"));
        registerField(QStringLiteral("mode"), mode, "currentData");
        auto* device = new QComboBox;
        device->addItem(tr("automatic (CUDA when present)"), QStringLiteral("auto"));
        device->addItem(tr("CPU"), QStringLiteral("cpu"));
        device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
        device->setObjectName(QStringLiteral("device"));
        registerField(QStringLiteral("device"), device, "currentData");
        auto* augment = new QCheckBox(tr("&Augmentation (rotation, flip, random crop)"));
        augment->setChecked(true);
        augment->setObjectName(QStringLiteral("augment"));
        registerField(QStringLiteral("augment"), augment);
        // The operating point each class's threshold is chosen for, after
        // calibration on the validation split.
        auto* target = new QComboBox;
        target->addItem(tr("best F1"), QStringLiteral("f1"));
        target->addItem(tr("a sensitivity of at least"), QStringLiteral("sensitivity"));
        target->addItem(tr("a specificity of at least"), QStringLiteral("specificity"));
        target->setObjectName(QStringLiteral("operating_target"));
        registerField(QStringLiteral("operating_target"), target, "currentData");
        auto* goal = new QDoubleSpinBox;
        goal->setRange(0.5, 1.0);
        goal->setSingleStep(0.01);
        goal->setDecimals(2);
        goal->setValue(0.9);
        goal->setObjectName(QStringLiteral("operating_goal"));
        goal->setEnabled(false);
        registerField(QStringLiteral("operating_goal"), goal, "value");
        connect(target, &QComboBox::currentIndexChanged, goal,
                [goal](int i) { goal->setEnabled(i > 0); });
        auto* operating = new QHBoxLayout;
        operating->addWidget(target);
        operating->addWidget(goal);
        auto* output = new QLineEdit(
            QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                .filePath(QStringLiteral("models/new-model")));
        output->setObjectName(QStringLiteral("output"));
        registerField(QStringLiteral("output*"), output);

        auto* form = new QFormLayout(this);
        form->addRow(tr("&Validation fraction:"), val);
        form->addRow(tr("S&eed:"), spin("seed", 0, 1000000, 0));
        form->addRow(tr("E&pochs:"), spin("epochs", 1, 1000, 30));
        form->addRow(tr("&Batch size:"), spin("batch_size", 1, 256, 8));
        form->addRow(tr("&Image size:"), size);
        form->addRow(tr("&Learning rate:"), lr);
        form->addRow(tr("&Thresholds for:"), operating);
        auto* advanced = new QGroupBox(tr("Advanced"));
        advanced->setCheckable(true);
        advanced->setChecked(false);
        auto* adv = new QFormLayout(advanced);
        adv->addRow(tr("&Frozen backbone epochs:"), spin("freeze_epochs", 0, 1000, 10));
        adv->addRow(tr("Learning rate &halves every (epochs):"),
                    spin("lr_step_epochs", 0, 1000, 5));
        adv->addRow(tr("&Output mode:"), mode);
        adv->addRow(augment);
        form->addRow(advanced);
        form->addRow(tr("&Device:"), device);
        form->addRow(tr("New model &folder:"), output);
    }
};

}  // namespace radlens::ui
