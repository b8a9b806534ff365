// Timeline ▸ Set Capture Time…: a kubectl events table without a capture-time line has its ages
// counted back from the file's modification time; setting another time in the dialog reloads the
// bundle and moves every event by the difference, the source's note names the time set, the pinned
// note stays, Edit ▸ Undo and Redo go back and forth, "Reset to File Time" forgets it, and a saved
// investigation reopens with it. Cancelling a reload (Esc, the Cancel Loading button) puts the
// bundle back as it was and undoes the capture time, like a cancelled realignment; Redo retries. With GATELINE_SCREENSHOT_DIR set, saves the dialog as
// capture-time-dialog.png and the window with the Sources panel as capture-time-sources.png there.
#include "capturetimedialog.h"
#include "investigationsession.h"
#include "mainwindow.h"
#include "sourcespanel.h"
#include "workbenchactions.h"
#include "workbenchstatus.h"

#include <QAction>
#include <QApplication>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>

#include <functional>

using namespace gateline;

namespace {
QDateTime utc(const char *s)
{
    return QDateTime::fromString(QString::fromLatin1(s), Qt::ISODate).toUTC();
}

const QDateTime kFileTime = utc("2024-03-05T14:30:00Z");

// The golden kubectl events table without its capture-time line (so the file time counts), with
// that file time.
bool writeBundle(const QString &dir)
{
    QFile in(QStringLiteral(GATELINE_TEST_DATA "/golden/k8s-events/get-events.txt"));
    if (!in.open(QIODevice::ReadOnly))
        return false;
    QByteArray data = in.readAll();
    if (!data.startsWith("2024-03-05T14:30:00Z\n"))
        return false;
    data.remove(0, data.indexOf('\n') + 1);
    QFile out(dir + QStringLiteral("/events.txt"));
    if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size() || !out.flush())
        return false;
    // After the last write, while the file is open (QFileDevice::setFileTime needs that).
    return out.setFileTime(kFileTime, QFileDevice::FileModificationTime);
}

struct Events {
    std::vector<qint64> us;
    QStringList notes;
};

Events events(InvestigationSession *s)
{
    Events e;
    const auto store = s->store();
    if (!store)
        return e;
    for (SourceId id : store->sourcesOf(SourceFormat::K8sEvents)) {
        const SourceData &d = store->source(id);
        for (qsizetype i = 0; i < d.size(); ++i)
            e.us.push_back(d.time(i).us);
        e.notes += d.notes;
    }
    return e;
}

std::vector<qint64> shifted(const std::vector<qint64> &v, qint64 by)
{
    std::vector<qint64> out = v;
    for (qint64 &x : out)
        x += by;
    return out;
}

// Runs fn on the capture-time dialog once it is open (it runs modally).
void whenDialogOpens(const std::function<void(CaptureTimeDialog *)> &fn)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, fn] {
        auto *d = qobject_cast<CaptureTimeDialog *>(QApplication::activeModalWidget());
        if (!d)
            return;
        timer->stop();
        timer->deleteLater();
        fn(d);
    });
    timer->start();
}

bool waitForLoad(InvestigationSession *s, const std::function<void()> &start)
{
    QSignalSpy finished(s, &InvestigationSession::loadFinished);
    start();
    return finished.count() > 0 || finished.wait(60000);
}
} // namespace

class TstUiCaptureTime : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dialogSetsCaptureTime();
    void resetAndSavedInvestigation();
    void cancelledReloadPutsTheBundleBack();

private:
    QTemporaryDir m_dir;
};

void TstUiCaptureTime::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("GatelineTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_capturetime"));
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("bundle")));
    QVERIFY(writeBundle(m_dir.filePath(QStringLiteral("bundle"))));
}

void TstUiCaptureTime::dialogSetsCaptureTime()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    InvestigationSession *s = w.session();
    QVERIFY(waitForLoad(s, [&] { w.openPaths({m_dir.filePath(QStringLiteral("bundle"))}); }));
    const Events before = events(s);
    QCOMPARE(before.us.size(), size_t(9));
    // "Killing" 5m before the file time.
    QCOMPARE(before.us.front(), utc("2024-03-05T14:25:00Z").toMSecsSinceEpoch() * 1000);
    QVERIFY2(before.notes.contains(QStringLiteral("ages counted back from 2024-03-05 14:30:00 UTC (file modification "
                                                  "time; use --captured-at to correct)")),
             qPrintable(before.notes.join(QLatin1Char('\n'))));
    QVERIFY(w.actions()->setCaptureTime->isEnabled());
    QVERIFY(!s->captureTime().isValid());

    // Other state that the reload must keep.
    s->pinNote(before.us.front(), QStringLiteral("the Killing"));
    QCOMPARE(s->undoStack()->count(), 1);

    const QDateTime chosen = utc("2024-03-05T16:00:00Z");
    QString currentText, preset;
    bool resetEnabled = true;
    whenDialogOpens([&](CaptureTimeDialog *d) {
        preset = d->editor()->dateTime().toUTC().toString(Qt::ISODate);
        currentText = d->findChild<QLabel *>(QStringLiteral("currentCaptureTime"))->text();
        resetEnabled = d->findChild<QPushButton *>(QStringLiteral("resetCaptureTime"))->isEnabled();
        d->editor()->setDateTime(chosen);
        if (const QByteArray shots = qgetenv("GATELINE_SCREENSHOT_DIR"); !shots.isEmpty())
            d->grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/capture-time-dialog.png"));
        d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    QVERIFY(waitForLoad(s, [&] { w.actions()->setCaptureTime->trigger(); }));
    QCOMPARE(preset, QStringLiteral("2024-03-05T14:30:00Z"));
    QVERIFY2(currentText.contains(QLatin1String("2024-03-05 14:30:00 UTC")) && currentText.contains(QLatin1String("modification time")),
             qPrintable(currentText));
    QVERIFY(!resetEnabled);

    const qint64 delta = 90ll * 60 * 1000000;
    const Events moved = events(s);
    QCOMPARE(moved.us, shifted(before.us, delta));
    QVERIFY2(moved.notes.contains(QStringLiteral("ages counted back from 2024-03-05 16:00:00 UTC (--captured-at)")),
             qPrintable(moved.notes.join(QLatin1Char('\n'))));
    QCOMPARE(s->captureTime(), chosen);
    QVERIFY(s->isModified());
    if (const QByteArray shots = qgetenv("GATELINE_SCREENSHOT_DIR"); !shots.isEmpty()) {
        w.resize(1280, 800);
        if (auto *dock = w.findChild<QDockWidget *>(QStringLiteral("sourcesDock")))
            dock->raise();
        w.sources()->view()->expandAll();
        QTest::qWait(200);
        w.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/capture-time-sources.png"));
    }
    // The pinned note and its undo step are still there, with the new one on top.
    QCOMPARE(s->notesModel()->notes().size(), 1);
    QCOMPARE(s->undoStack()->count(), 2);
    QVERIFY(s->undoStack()->undoText().contains(QLatin1String("16:00:00")));

    // Edit ▸ Undo restores the file time; Redo the time set.
    QVERIFY(w.actions()->undo->isEnabled());
    QVERIFY(waitForLoad(s, [&] { w.actions()->undo->trigger(); }));
    QCOMPARE(events(s).us, before.us);
    QVERIFY(!s->captureTime().isValid());
    QVERIFY(events(s).notes.contains(before.notes.filter(QStringLiteral("ages counted back")).first()));
    QCOMPARE(s->notesModel()->notes().size(), 1);
    QVERIFY(waitForLoad(s, [&] { w.actions()->redo->trigger(); }));
    QCOMPARE(events(s).us, moved.us);
    QCOMPARE(s->captureTime(), chosen);
    // A second undo removes the note: the history survived both reloads.
    QVERIFY(waitForLoad(s, [&] { w.actions()->undo->trigger(); }));
    w.actions()->undo->trigger();
    QCOMPARE(s->notesModel()->notes().size(), 0);
    QCOMPARE(s->undoStack()->index(), 0);
}

void TstUiCaptureTime::resetAndSavedInvestigation()
{
    const QString file = m_dir.filePath(QStringLiteral("case.gateline"));
    const QDateTime chosen = utc("2024-03-05T13:00:00Z");
    const qint64 delta = -90ll * 60 * 1000000;
    std::vector<qint64> original, moved;
    {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        InvestigationSession *s = w.session();
        // As `gateline --captured-at` does.
        QVERIFY(waitForLoad(s, [&] { w.openPathsCapturedAt({m_dir.filePath(QStringLiteral("bundle"))}, chosen); }));
        moved = events(s).us;
        QCOMPARE(moved.front(), utc("2024-03-05T12:55:00Z").toMSecsSinceEpoch() * 1000);
        original = shifted(moved, -delta);
        s->timeRange()->setSelection({moved.front() - 1000000, moved.front() + 1000000});
        QVERIFY(w.saveInvestigation(file));

        // "Reset to File Time" forgets the time set.
        QString currentText;
        whenDialogOpens([&](CaptureTimeDialog *d) {
            currentText = d->findChild<QLabel *>(QStringLiteral("currentCaptureTime"))->text();
            auto *reset = d->findChild<QPushButton *>(QStringLiteral("resetCaptureTime"));
            QVERIFY(reset->isEnabled());
            reset->click();
        });
        QVERIFY(waitForLoad(s, [&] { w.actions()->setCaptureTime->trigger(); }));
        QVERIFY2(currentText.contains(QLatin1String("2024-03-05 13:00:00 UTC, which is the time you set")), qPrintable(currentText));
        QVERIFY(!s->captureTime().isValid());
        QCOMPARE(events(s).us, original);
        QVERIFY(s->isModified());
        // The saved selection survived the reload.
        QCOMPARE(s->timeRange()->selection().fromUs, moved.front() - 1000000);
    }
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    InvestigationSession *s = w.session();
    QVERIFY(waitForLoad(s, [&] { w.openPaths({file}); }));
    QCOMPARE(s->captureTime(), chosen);
    QCOMPARE(events(s).us, moved);
    QVERIFY(events(s).notes.contains(QStringLiteral("ages counted back from 2024-03-05 13:00:00 UTC (--captured-at)")));
    QVERIFY(!s->isModified());
    QCOMPARE(s->toInvestigation().captureTime, chosen);
}

// A reload for a new capture time, cancelled: the bundle comes back exactly as it was shown (the
// same store, the view, the selection, the pin, the notes), the capture time is undone and Redo
// retries it. Cancelled at once (Esc) and after its first stage has replaced the panes.
void TstUiCaptureTime::cancelledReloadPutsTheBundleBack()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    w.show();
    InvestigationSession *s = w.session();
    QVERIFY(waitForLoad(s, [&] { w.openPaths({m_dir.filePath(QStringLiteral("bundle"))}); }));
    const Events before = events(s);
    QCOMPARE(before.us.size(), size_t(9));
    s->pinNote(before.us.front(), QStringLiteral("the Killing"));
    s->timeRange()->setVisible({before.us.front() + 1000000, before.us.back() - 1000000}); // zoomed in
    const TimeSpan visible = s->timeRange()->visible();
    QVERIFY(visible.isValid() && visible != s->timeRange()->bounds());
    const TimeSpan selection{before.us.front() - 1000000, before.us.front() + 1000000};
    s->timeRange()->setSelection(selection);
    s->setPinnedRange(visible);
    const auto store = s->store();
    const auto analysis = s->analysis();
    const QDateTime chosen = utc("2024-03-05T16:00:00Z");
    struct View {
        TimeSpan visible, selection, pinned;
        bool operator==(const View &o) const { return visible == o.visible && selection == o.selection && pinned == o.pinned; }
    };
    const auto view = [s] { return View{s->timeRange()->visible(), s->timeRange()->selection(), s->pinnedRange()}; };
    const auto viewText = [](const View &v) {
        const auto t = [](const TimeSpan &x) { return QStringLiteral("%1..%2").arg(x.fromUs).arg(x.toUs); };
        return t(v.visible) + QLatin1Char(' ') + t(v.selection) + QLatin1Char(' ') + t(v.pinned);
    };
    const View shown = view();
    QCOMPARE(shown.visible, visible);
    const auto sameAsShown = [&](const QDateTime &captureTime, const std::vector<qint64> &us, const View &v) {
        QVERIFY(!s->isLoading());
        QCOMPARE(s->captureTime(), captureTime);
        QCOMPARE(events(s).us, us);
        QVERIFY2(view() == v, qPrintable(viewText(view()) + QStringLiteral(" != ") + viewText(v)));
        QCOMPARE(s->notesModel()->notes().size(), 1);
        QVERIFY(s->analysis() != nullptr);
        QVERIFY(s->playbookRun() != nullptr);
        QVERIFY(s->verdictSummary() != nullptr);
        QCOMPARE(s->sourcesModel()->rowCount(), 1);
        QVERIFY(w.actions()->undo->isEnabled());
        QVERIFY2(w.findChild<WorkbenchStatus *>()->message().startsWith(QLatin1String("Reload cancelled")),
                 qPrintable(w.findChild<WorkbenchStatus *>()->message()));
    };

    // Esc at once: nothing of the reload is shown, the very same store is back.
    QSignalSpy cancelled(s, &InvestigationSession::reloadCancelled);
    s->requestCaptureTime(chosen);
    QVERIFY(s->isLoading());
    QVERIFY(s->isReloading());
    w.actions()->escape->trigger(); // Esc
    QCOMPARE(cancelled.size(), 1);
    sameAsShown(QDateTime(), before.us, shown);
    QCOMPARE(s->store(), store);
    QCOMPARE(s->analysis(), analysis);
    QCOMPARE(s->undoStack()->index(), 1); // the capture time undone; the note stays
    QCOMPARE(s->undoStack()->count(), 2);
    QVERIFY(s->undoStack()->redoText().contains(QLatin1String("16:00:00")));
    // Its dropped result never arrives.
    QTest::qWait(300);
    QCOMPARE(s->store(), store);

    // Redo retries it.
    QVERIFY(waitForLoad(s, [&] { w.actions()->redo->trigger(); }));
    const std::vector<qint64> moved = shifted(before.us, 90ll * 60 * 1000000);
    QCOMPARE(events(s).us, moved);
    QCOMPARE(s->captureTime(), chosen);
    QCOMPARE(s->undoStack()->index(), 2);
    QVERIFY(s->timeRange()->selection().isValid());
    QVERIFY(s->isPinned());

    // Undo (a reload to the files' own time) cancelled once its first stage has replaced the
    // panes: the 16:00 state comes back and the undo is undone.
    const auto storeAt16 = s->store();
    const View shownAt16 = view();
    bool once = false;
    const auto c = connect(s, &InvestigationSession::storeReady, this, [&] {
        if (once)
            return;
        once = true;
        QVERIFY(s->store() != storeAt16); // the reload's own first stage
        w.actions()->cancelLoading->trigger();
    });
    w.actions()->undo->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(once, 20000);
    disconnect(c);
    QCOMPARE(cancelled.size(), 2);
    sameAsShown(chosen, moved, shownAt16);
    QCOMPARE(s->store(), storeAt16);
    QCOMPARE(s->undoStack()->index(), 2);
    QVERIFY(!s->undoStack()->canRedo());
    QTest::qWait(300);
    QCOMPARE(s->store(), storeAt16);
}

QTEST_MAIN(TstUiCaptureTime)
#include "tst_ui_capturetime.moc"
