#pragma once
// The training wizard's page "base" (TrainingWizard::Page): The base model: the active bundle,
// another bundle, ImageNet weights or none. Header-only: TrainingWizard.cpp is its one user.
// Strings are in the wizard's translation context.
//
// Threads: GUI thread. Ownership: the wizard owns its pages.

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "ui/TrainingWizard.h"

namespace radlens::ui {

class BasePageWidget : public QWizardPage {
    // tr() in the wizard\'s context, so that lupdate and the run time agree.
    Q_DECLARE_TR_FUNCTIONS(radlens::ui::TrainingWizard)

public:
    explicit BasePageWidget(const QString& active) {
        setTitle(tr("Start from"));
        setSubTitle(
            tr("Fine-tuning a trained model needs far fewer examples than starting "
               "from scratch."));
        auto* scratch = new QRadioButton(tr("From &scratch (random weights)"));
        auto* bundle = new QRadioButton(tr("A model &bundle (the active model by default)"));
        auto* imagenet = new QRadioButton(tr("&ImageNet weights (a torchvision .pth file)"));
        scratch->setObjectName(QStringLiteral("baseScratch"));
        bundle->setObjectName(QStringLiteral("baseBundle"));
        imagenet->setObjectName(QStringLiteral("baseImagenet"));
        auto* bundlePath = new QLineEdit(active);
        bundlePath->setObjectName(QStringLiteral("baseBundlePath"));
        auto* imagenetPath = new QLineEdit;
        imagenetPath->setObjectName(QStringLiteral("baseImagenetPath"));
        (active.isEmpty() ? scratch : bundle)->setChecked(true);
        auto browse = [this](QLineEdit* edit, bool folder) {
            auto* b = new QPushButton(tr("Browse..."));
            connect(b, &QPushButton::clicked, this, [this, edit, folder] {
                const QString p =
                    folder ? QFileDialog::getExistingDirectory(this, tr("Model bundle"))
                           : QFileDialog::getOpenFileName(this, tr("Weights"), {},
                                                          tr("PyTorch weights (*.pth *.pt)"));
                if (!p.isEmpty()) edit->setText(p);
            });
            return b;
        };
        registerField(QStringLiteral("baseBundle"), bundle);
        registerField(QStringLiteral("baseImagenet"), imagenet);
        registerField(QStringLiteral("baseBundlePath"), bundlePath);
        registerField(QStringLiteral("baseImagenetPath"), imagenetPath);
        auto* v = new QVBoxLayout(this);
        v->addWidget(scratch);
        v->addWidget(bundle);
        auto* h1 = new QHBoxLayout;
        h1->addWidget(bundlePath);
        h1->addWidget(browse(bundlePath, true));
        v->addLayout(h1);
        v->addWidget(imagenet);
        auto* h2 = new QHBoxLayout;
        h2->addWidget(imagenetPath);
        h2->addWidget(browse(imagenetPath, false));
        v->addLayout(h2);
        v->addStretch();
    }
};

}  // namespace radlens::ui
