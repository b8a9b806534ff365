// File ▸ Capture from Cluster…: the ingress controller fields (label selector, namespace, size
// bound) are remembered; "Find Pods" lists the controller pods before a capture; while it runs the
// table shows every container log with its bytes. Against the loopback replay server of recorded
// API answers (tst_live_replayserver.h; see tst_live_podlogs.cpp). With GATELINE_SCREENSHOT_DIR
// set, saves the dialog as capture-dialog-found.png and capture-dialog-capturing.png there.
#include "capturedialog.h"
#include "testutil.h"
#include "tst_live_replayserver.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>

using namespace gateline;

namespace {

const QString kPodA = QStringLiteral("ingress-nginx-controller-6b9f8d5c7b-4xk2p");

QByteArray fixture(const QString &name)
{
    const QByteArray data = testutil::readAll(testutil::dataPath(QStringLiteral("live/k8s/") + name));
    if (data.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return data;
}

replay::Response answer(const replay::Request &r)
{
    if (r.query.hasQueryItem(QStringLiteral("labelSelector")))
        return replay::Response::json(fixture(QStringLiteral("ingress-nginx-pods.json")));
    if (r.path.endsWith(QLatin1StringView("/log"))) {
        const QString pod = r.path.section(QLatin1Char('/'), -2, -2);
        const QString container = r.query.queryItemValue(QStringLiteral("container"));
        if (pod == kPodA && container == QLatin1StringView("controller"))
            return replay::Response::watch(fixture(QStringLiteral("log-4xk2p-controller.log")), true);
        if (pod == kPodA)
            return replay::Response::json(fixture(QStringLiteral("log-4xk2p-fluent-bit.log")));
        if (pod.endsWith(QLatin1StringView("q7m9z")))
            return replay::Response::json(fixture(r.query.hasQueryItem(QStringLiteral("previous"))
                                                      ? QStringLiteral("log-q7m9z-controller-previous.log")
                                                      : QStringLiteral("log-q7m9z-controller.log")));
        return replay::Response::json(fixture(QStringLiteral("status-404-pod.json")), 404);
    }
    if (r.path.startsWith(QLatin1StringView("/apis/events.k8s.io/")))
        return replay::Response::json(R"({"kind":"Status","code":404})", 404);
    if (r.isWatch())
        return replay::Response::watch({}, true);
    if (r.path.endsWith(QLatin1StringView("/pods")))
        return replay::Response::json(fixture(QStringLiteral("pods-list.json")));
    return replay::Response::json(fixture(QStringLiteral("events-list-page2.json")));
}

QStringList column(const QTreeWidget *tree, int col)
{
    QStringList out;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        out << tree->topLevelItem(i)->text(col);
    return out;
}

void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("GATELINE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(QDir(dir).filePath(name)));
}

} // namespace

class TestUiCaptureDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findsPodsThenShowsBytesPerLog();
    void ingressFieldsAreRemembered();
};

void TestUiCaptureDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("gateline-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_capturedialog"));
    QSettings().clear();
}

void TestUiCaptureDialog::findsPodsThenShowsBytesPerLog()
{
    replay::Server server(answer);
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    CaptureDialog dialog;
    ClusterSettings s;
    s.apiServer = server.url();
    dialog.setSettings(s);
    dialog.setOutDir(tmp.filePath(QStringLiteral("capture")));
    dialog.show();
    auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("ingressPods"));
    auto *find = dialog.findChild<QPushButton *>(QStringLiteral("findPods"));
    QVERIFY(tree && find);
    QVERIFY(find->isEnabled());

    // Before the capture: the pods the auto-detection finds.
    find->click();
    QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItemCount(), 3, 10000);
    QCOMPARE(column(tree, 0), (QStringList{QStringLiteral("ingress-nginx/") + kPodA,
                                           QStringLiteral("ingress-nginx/ingress-nginx-controller-6b9f8d5c7b-q7m9z"),
                                           QStringLiteral("ingress-nginx/ingress-nginx-controller-6b9f8d5c7b-zr8tw")}));
    QCOMPARE(tree->topLevelItem(0)->text(3), QStringLiteral("found"));
    QVERIFY(tree->topLevelItem(0)->toolTip(3).contains(QStringLiteral("app.kubernetes.io/name=ingress-nginx")));
    QTRY_VERIFY(find->isEnabled());
    screenshot(&dialog, QStringLiteral("capture-dialog-found.png"));

    // While capturing: one row per container log, with its bytes and state.
    QSignalSpy finished(&dialog, &CaptureDialog::captureFinished);
    dialog.startCapture();
    QVERIFY(dialog.isCapturing());
    QVERIFY(!find->isEnabled());
    const QString bytesA = QLocale().toString(2364);
    QTRY_VERIFY_WITH_TIMEOUT(tree->topLevelItemCount() == 5 && column(tree, 2).contains(bytesA)
                                 && column(tree, 3).contains(QStringLiteral("skipped")),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(column(tree, 2).contains(QLocale().toString(1485)), 10000);
    QCOMPARE(column(tree, 1), (QStringList{QStringLiteral("controller"), QStringLiteral("fluent-bit"),
                                           QStringLiteral("controller"), QStringLiteral("controller (previous)"),
                                           QStringLiteral("controller")}));
    QCOMPARE(tree->topLevelItem(0)->text(3), QStringLiteral("reading"));
    auto *counts = dialog.findChild<QLabel *>(QStringLiteral("ingressLogCounts"));
    QVERIFY(counts);
    QTRY_VERIFY_WITH_TIMEOUT(counts->text().contains(QStringLiteral("3 pod(s), 5 log(s)")), 5000);
    screenshot(&dialog, QStringLiteral("capture-dialog-capturing.png"));
    dialog.stopCapture();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(3), QStringLiteral("stopped"));
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("capture/ingress-logs/ingress-nginx/") + kPodA
                                           + QStringLiteral("_controller.log"))));
}

void TestUiCaptureDialog::ingressFieldsAreRemembered()
{
    replay::Server server(answer);
    QVERIFY(server.listen());
    QTemporaryDir tmp;
    ClusterSettings s;
    s.apiServer = server.url();
    s.ingressSelector = QStringLiteral("app.kubernetes.io/instance=ingress-nginx");
    s.ingressNamespace = QStringLiteral("ingress-nginx");
    s.ingressLogLimitBytes = 64ll << 20;
    {
        CaptureDialog dialog;
        dialog.setSettings(s);
        dialog.setOutDir(tmp.path());
        QCOMPARE(dialog.settings(), s);
        dialog.startCapture(); // a capture that starts saves the fields
        QVERIFY(dialog.isCapturing());
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(server.requests.cbegin(), server.requests.cend(),
                                             [](const replay::Request &r) {
                                                 return r.path == QLatin1StringView("/api/v1/namespaces/ingress-nginx/pods");
                                             }),
                                 10000);
        dialog.stopCapture();
    }
    CaptureDialog again;
    QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("ingressSelector"))->text(), s.ingressSelector);
    QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("ingressNamespace"))->text(), s.ingressNamespace);
    QCOMPARE(again.settings().ingressLogLimitBytes, s.ingressLogLimitBytes);
    QVERIFY(again.settings().ingressLogs);
}

QTEST_MAIN(TestUiCaptureDialog)
#include "tst_ui_capturedialog.moc"
