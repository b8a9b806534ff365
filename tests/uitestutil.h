// Helpers shared by the tst_ui_* tests: test-mode settings, the small UI test bundle, and loading
// a bundle into a main window and waiting for it.
#pragma once

#include "investigationsession.h"
#include "mainwindow.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace uitestutil {

inline const QString kBundle = QStringLiteral(GATELINE_TEST_DATA "/ui/bundle");

// Settings in the test folder, under the test's own name: no test sees the user's or another's.
inline void useTestSettings(const QString &testName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatelineTest"));
    QCoreApplication::setApplicationName(testName);
}

// Opens paths in the window and waits (bounded) until the session has read them.
inline bool load(gateline::MainWindow &w, const QStringList &paths)
{
    QSignalSpy finished(w.session(), &gateline::InvestigationSession::loadFinished);
    w.openPaths(paths);
    return finished.wait(120000);
}

} // namespace uitestutil
