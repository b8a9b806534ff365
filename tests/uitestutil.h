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

// How long a test waits (bounded) for a background job: reading, matching, exporting. Generous, as
// the widget tests also run under ASan + UBSan on a loaded 2-core machine (a 30 s bound for a
// matching run failed there); a job that works finishes in seconds, so only a failure waits it out.
inline constexpr int kJobWaitMs = 180000;

// Opens paths in the window and waits (bounded) until the session has read them.
inline bool load(gateline::MainWindow &w, const QStringList &paths)
{
    QSignalSpy finished(w.session(), &gateline::InvestigationSession::loadFinished);
    w.openPaths(paths);
    return finished.wait(kJobWaitMs);
}

} // namespace uitestutil
