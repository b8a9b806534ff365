// File ▸ Export… as a background job (ui/export/exportjob.h): it runs through the one job helper,
// shows which file it writes, Cancel and Esc stop it, and the status bar then says exactly what was
// written ("Exported 6 files to DIR", or what a cancel or a failure left). The Export dialog offers
// the whole bundle, the visible range, the selection and the pinned range, and its default follows
// the shared time range.
#include "testutil.h"
#include "uitestutil.h"

#include "analysis/analysis.h"
#include "export/exportdialog.h"
#include "export/exporter.h"
#include "export/exportjob.h"
#include "ingest/bundleloader.h"
#include "jobs/cancellation.h"
#include "jobs/jobrunner.h"
#include "playbook/playbookrun.h"
#include "workbenchactions.h"
#include "workbenchstatus.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace gateline;

namespace {

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QLatin1StringView(iso), Qt::ISODate).toMSecsSinceEpoch() * 1000;
}

struct Loaded {
    EventStore store;
    std::unique_ptr<Analysis> analysis;
    std::unique_ptr<PlaybookRun> run;
};

std::unique_ptr<Loaded> loadBasic()
{
    auto l = std::make_unique<Loaded>();
    l->store = BundleLoader().load({testutil::dataPath(QStringLiteral("export/basic"))});
    l->analysis = std::make_unique<Analysis>(l->store, AnalysisOptions());
    l->run = std::make_unique<PlaybookRun>(*l->analysis);
    return l;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}

// Runs fn on the first modal dialog of type T once it is open.
template<typename T>
void whenModalOpens(const std::function<void(T *)> &fn)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, fn] {
        auto *d = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!d)
            return;
        timer->stop();
        timer->deleteLater();
        fn(d);
    });
    timer->start();
}

} // namespace

class TstUiExportJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        uitestutil::useTestSettings(QStringLiteral("tst_ui_exportjob"));
        m_loaded = loadBasic();
        QVERIFY(m_loaded->store.totalRecords() > 0);
    }

    // exportAll() stops at the job's cancel flag: the file being written is not committed and no
    // later one is started; the result says cancelled and lists exactly the whole files written.
    void exportAllStopsAtTheCancelFlag()
    {
        QTemporaryDir out;
        ExportOptions o;
        o.directory = out.path();
        CancelFlag flag(false);
        const CancelScope scope(&flag);
        QStringList steps;
        const ExportResult r = exportAll(makePostmortemInput(*m_loaded->analysis, *m_loaded->run), o, [&](const ExportStep &s) {
            steps << s.doing;
            QCOMPARE(s.total, 7); // the chart, then six files
            if (s.doing == QStringLiteral("Writing timeline.json"))
                flag.store(true); // cancelled while the JSON is being written
        });
        QVERIFY(!r.ok);
        QVERIFY(r.cancelled);
        QCOMPARE(r.total, 6);
        QCOMPARE(steps, QStringList({QStringLiteral("Drawing the chart"), QStringLiteral("Writing postmortem.md"),
                                     QStringLiteral("Writing timeline.csv"), QStringLiteral("Writing timeline.json")}));
        QCOMPARE(r.written, QStringList({out.filePath(QStringLiteral("postmortem.md")), out.filePath(QStringLiteral("timeline.csv"))}));
        QCOMPARE(filesIn(out.path()), QStringList({QStringLiteral("postmortem.md"), QStringLiteral("timeline.csv")}));
    }

    // Esc on the progress dialog cancels; the job ran through the job helper (queued behind another
    // job here, so that the cancel lands before it starts): nothing is written, and the message says so.
    void escCancelsAndSaysWhatWasWritten()
    {
        JobRunner jobs(nullptr, 1);
        QSemaphore release;
        jobs.start<int>(QStringLiteral("block"), [&release](const JobContext &) { release.acquire(); return 0; },
                        [](int) {});
        QWidget window;
        window.show();
        ExportJob job(&jobs, &window);
        QSignalSpy finished(&job, &ExportJob::finished);
        QTemporaryDir out;
        ExportOptions o;
        o.directory = out.filePath(QStringLiteral("x"));
        job.start(std::make_shared<const PostmortemInput>(makePostmortemInput(*m_loaded->analysis, *m_loaded->run)), o);
        QVERIFY(job.isRunning());
        QVERIFY(jobs.isRunning(ExportJob::channel()));
        QVERIFY(job.progressDialog()->isVisible());
        QCOMPARE(job.progressDialog()->windowModality(), Qt::WindowModal);
        QTest::keyClick(job.progressDialog(), Qt::Key_Escape);
        QVERIFY(!job.progressDialog()->isVisible());
        QVERIFY(!jobs.isRunning(ExportJob::channel()));
        QCOMPARE(finished.size(), 0); // not before the work has ended
        release.release();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).value<ExportJob::Outcome>(), ExportJob::Cancelled);
        QCOMPARE(finished.first().at(1).toString(),
                 QStringLiteral("Export cancelled: nothing was written to %1.").arg(QDir::toNativeSeparators(o.directory)));
        QVERIFY(!QFileInfo::exists(o.directory));
        QVERIFY(!job.isRunning());
    }

    // The Cancel button while files are being written: the message lists exactly the files on disk.
    void cancelButtonMessageMatchesTheDisk()
    {
        JobRunner jobs(nullptr, 1);
        QWidget window;
        window.show();
        ExportJob job(&jobs, &window);
        QSignalSpy finished(&job, &ExportJob::finished);
        QTemporaryDir out;
        ExportOptions o;
        o.directory = out.path();
        bool clicked = false;
        connect(&job, &ExportJob::progressed, this, [&](int done, int, const QString &doing) {
            QVERIFY(job.progressDialog()->findChild<QLabel *>()->text().startsWith(doing));
            if (done >= 1 && !clicked) {
                clicked = true;
                job.progressDialog()->findChild<QPushButton *>(QStringLiteral("cancelExport"))->click();
            }
        });
        job.start(std::make_shared<const PostmortemInput>(makePostmortemInput(*m_loaded->analysis, *m_loaded->run)), o);
        QVERIFY(finished.wait(20000));
        QVERIFY(clicked);
        QCOMPARE(finished.first().at(0).value<ExportJob::Outcome>(), ExportJob::Cancelled);
        const QString message = finished.first().at(1).toString();
        const QStringList onDisk = filesIn(out.path());
        QVERIFY(onDisk.size() < 6 || message.contains(QLatin1String("6 of 6 files")));
        if (onDisk.isEmpty()) {
            QVERIFY2(message.contains(QLatin1String("nothing was written")), qPrintable(message));
        } else {
            QVERIFY2(message.startsWith(QStringLiteral("Export cancelled: %1 of 6 files written to ").arg(onDisk.size())),
                     qPrintable(message));
            for (const QString &f : onDisk)
                QVERIFY2(message.contains(f), qPrintable(message + QLatin1Char(' ') + f));
        }
    }

    void failureSaysWhy()
    {
        JobRunner jobs(nullptr, 1);
        QWidget window;
        ExportJob job(&jobs, &window);
        QSignalSpy finished(&job, &ExportJob::finished);
        QTemporaryDir out;
        QFile blocker(out.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        ExportOptions o;
        o.directory = out.filePath(QStringLiteral("file/sub")); // under a plain file: cannot be made
        job.start(std::make_shared<const PostmortemInput>(makePostmortemInput(*m_loaded->analysis, *m_loaded->run)), o);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).value<ExportJob::Outcome>(), ExportJob::Failed);
        const QString message = finished.first().at(1).toString();
        QVERIFY2(message.startsWith(QStringLiteral("Export failed: cannot create the folder ")), qPrintable(message));
        QVERIFY2(message.endsWith(QStringLiteral("nothing was written to %1.").arg(QDir::toNativeSeparators(o.directory))),
                 qPrintable(message));
    }

    // The dialog's ranges: whole bundle, visible, selection, pinned; the default follows the shared
    // time range (the selection, else the visible range, else everything).
    void dialogRangesAndDefault()
    {
        const TimeSpan bounds{utc("2024-05-14T09:00:00Z"), utc("2024-05-14T10:00:00Z")};
        const TimeSpan visible{utc("2024-05-14T09:10:00Z"), utc("2024-05-14T09:30:00Z")};
        const TimeSpan selection{utc("2024-05-14T09:15:00Z"), utc("2024-05-14T09:16:00Z")};
        const TimeSpan pinned{utc("2024-05-14T09:20:00Z"), utc("2024-05-14T09:25:00Z")};
        {
            ExportDialog d(ExportRanges{bounds, visible, selection, pinned});
            QCOMPARE(d.rangeChoice(), ExportDialog::Selection);
            QCOMPARE(d.range(), selection);
            QVERIFY(d.rangeButton(ExportDialog::PinnedRange)->isEnabled());
            QVERIFY2(d.rangeButton(ExportDialog::PinnedRange)->text().contains(QLatin1String("09:20:00")),
                     qPrintable(d.rangeButton(ExportDialog::PinnedRange)->text()));
            d.setRangeChoice(ExportDialog::PinnedRange);
            QCOMPARE(d.range(), pinned);
            d.setRangeChoice(ExportDialog::WholeBundle);
            QVERIFY(!d.range().isValid());
            QVERIFY(d.rangeButton(ExportDialog::WholeBundle)->text().contains(QLatin1String("10:00:00")));
        }
        {
            ExportDialog d(ExportRanges{bounds, visible, {}, {}}); // zoomed in: the visible range
            QCOMPARE(d.rangeChoice(), ExportDialog::VisibleRange);
            QCOMPARE(d.range(), visible);
            QVERIFY(!d.rangeButton(ExportDialog::PinnedRange)->isEnabled());
            QVERIFY(!d.rangeButton(ExportDialog::Selection)->isEnabled());
            d.setRangeChoice(ExportDialog::PinnedRange); // disabled: ignored
            QCOMPARE(d.range(), visible);
        }
        {
            ExportDialog d(ExportRanges{bounds, bounds, {}, {}}); // everything shown: the whole bundle
            QCOMPARE(d.rangeChoice(), ExportDialog::WholeBundle);
            QVERIFY(!d.range().isValid());
        }
    }

    // File ▸ Export… in the window: the pinned range exported, progress shown, and the status bar's
    // "Exported 6 files to DIR" when done; the action is off meanwhile.
    void windowExportsThePinnedRange()
    {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(uitestutil::load(w, {testutil::dataPath(QStringLiteral("export/basic"))}));
        InvestigationSession *s = w.session();
        QTRY_VERIFY_WITH_TIMEOUT(s->playbookRun() != nullptr, 20000);
        const TimeSpan b = s->timeRange()->bounds();
        const TimeSpan pin{b.fromUs + (b.toUs - b.fromUs) / 4, b.fromUs + (b.toUs - b.fromUs) / 2};
        s->setPinnedRange(pin);
        QTemporaryDir out;
        bool pinnedOffered = false;
        ExportDialog::RangeChoice defaultChoice = ExportDialog::PinnedRange;
        whenModalOpens<ExportDialog>([&](ExportDialog *d) {
            defaultChoice = d->rangeChoice();
            pinnedOffered = d->rangeButton(ExportDialog::PinnedRange)->isEnabled();
            d->setRangeChoice(ExportDialog::PinnedRange);
            d->setDirectory(out.path());
            d->setFormats(ExportAllFormats);
            d->accept();
        });
        w.actions()->exportFiles->trigger();
        QVERIFY(pinnedOffered);
        QCOMPARE(defaultChoice, ExportDialog::WholeBundle); // nothing zoomed or selected
        auto *job = w.findChild<ExportJob *>();
        QVERIFY(job);
        QSignalSpy finished(job, &ExportJob::finished);
        QVERIFY(!w.actions()->exportFiles->isEnabled());
        QVERIFY(finished.wait(uitestutil::kJobWaitMs));
        QCOMPARE(finished.first().at(0).value<ExportJob::Outcome>(), ExportJob::Exported);
        QTRY_VERIFY(w.actions()->exportFiles->isEnabled());
        const QString expected = QStringLiteral("Exported 6 files to %1").arg(QDir::toNativeSeparators(QDir::cleanPath(out.path())));
        QCOMPARE(w.findChild<WorkbenchStatus *>()->message(), expected);
        QCOMPARE(filesIn(out.path()).size(), 6);
        // Only the pinned range's events.
        const QString csv = QString::fromUtf8(testutil::readAll(out.filePath(QStringLiteral("timeline.csv"))));
        const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 2);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qint64 t = QDateTime::fromString(lines[i].section(QLatin1Char(','), 0, 0), Qt::ISODateWithMs).toMSecsSinceEpoch() * 1000;
            QVERIFY2(t >= pin.fromUs && t < pin.toUs, qPrintable(lines[i]));
        }
    }

private:
    std::unique_ptr<Loaded> m_loaded;
};

QTEST_MAIN(TstUiExportJob)
#include "tst_ui_exportjob.moc"
