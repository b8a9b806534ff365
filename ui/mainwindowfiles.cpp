// MainWindow's file flows: open (files, folders, investigations), save, export, live capture and
// Prometheus. The window's construction and wiring are in mainwindow.cpp.
#include "mainwindow.h"

#include "capturedialog.h"
#include "capturetimedialog.h"
#include "export/exportdialog.h"
#include "export/exportjob.h"
#include "export/postmortem.h"
#include "investigationsession.h"
#include "openrangedialog.h"
#include "playbook/playbookrun.h"
#include "prometheusdialog.h"
#include "recentfiles.h"
#include "timelinechart.h"
#include "workbenchactions.h"
#include "workbenchstatus.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace gateline {

void MainWindow::waitForExport()
{
    // Never leave half-written export files behind, nor a worker running past the window.
    if (!m_session->jobs()->isRunning(ExportJob::channel()))
        return;
    m_status->showMessage(QStringLiteral("Finishing the export…"));
    statusBar()->repaint(); // the GUI thread is about to block
    QApplication::setOverrideCursor(Qt::WaitCursor);
    m_session->jobs()->waitForDone();
    QApplication::restoreOverrideCursor();
}

void MainWindow::openPaths(const QStringList &paths)
{
    openPathsCapturedAt(paths, {});
}

void MainWindow::openPathsCapturedAt(const QStringList &paths, const QDateTime &capturedAt)
{
    if (paths.isEmpty() || !maybeDiscard())
        return;
    if (paths.size() == 1 && paths.first().endsWith(QLatin1String(".gateline"))) {
        QString error;
        if (!m_session->openInvestigation(paths.first(), &error)) {
            warn(QStringLiteral("Cannot open the investigation"), error);
            return;
        }
    } else {
        IngestRange range; // a day of ALB files: ask which range to read (ui/openrangedialog.h)
        if (!OpenRangeDialog::ask(this, paths, &range))
            return;
        m_session->setIngestRange(range);
        m_session->open(paths, capturedAt);
    }
    m_recent->add(paths.size() == 1 ? QStringList{QFileInfo(paths.first()).absoluteFilePath()} : m_session->paths());
}

void MainWindow::exportDialog()
{
    const auto analysis = m_session->analysis();
    const auto run = m_session->playbookRun();
    if (!analysis || !run) {
        QMessageBox::information(this, QStringLiteral("Export"), QStringLiteral("Open a bundle and let its analysis finish first."));
        return;
    }
    TimeRange *range = m_session->timeRange();
    ExportDialog dialog(ExportRanges{range->bounds(), range->visible(), range->selection(), m_session->pinnedRange()}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QList<SavedVerdict> verdicts;
    for (const SavedVerdict &v : m_session->verdicts())
        verdicts.append(v);
    // Writing every event of a large bundle takes seconds: the job helper runs it off the GUI
    // thread (with progress and Cancel), keeping the analysis it reads alive until it is done.
    auto input = std::make_shared<const PostmortemInput>(
        makePostmortemInput(*analysis, *run, dialog.range(), verdicts, m_session->notesModel()->notes()));
    auto *job = new ExportJob(m_session->jobs(), this);
    m_actions->exportFiles->setEnabled(false);
    m_status->showMessage(QStringLiteral("Exporting…"), 0);
    connect(job, &ExportJob::finished, this, [this, job](ExportJob::Outcome outcome, const QString &message) {
        m_actions->exportFiles->setEnabled(true);
        m_status->showMessage(message, 15000);
        if (outcome == ExportJob::Failed)
            warn(QStringLiteral("Export failed"), message);
        job->deleteLater();
    });
    job->start(input, dialog.options(), std::make_shared<const std::pair<decltype(analysis), decltype(run)>>(analysis, run));
}

void MainWindow::captureDialog()
{
    auto *dialog = new CaptureDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_session->paths().isEmpty()) {
        const QFileInfo first(m_session->paths().first());
        dialog->setOutDir((first.isDir() ? first.absoluteFilePath() : first.absolutePath()) + QStringLiteral("/k8s-capture"));
    }
    connect(dialog, &CaptureDialog::captureFinished, this, [this](const QString &outDir, bool ok) {
        if (!ok || outDir.isEmpty())
            return;
        if (QMessageBox::question(this, QStringLiteral("Capture finished"),
                                  QStringLiteral("Open the captured events and pods with the current bundle?"))
            == QMessageBox::Yes) {
            QStringList paths = m_session->paths();
            if (!paths.contains(outDir))
                paths << outDir;
            openPaths(paths);
        }
    });
    dialog->show();
}

void MainWindow::prometheusDialog()
{
    const TimeSpan v = m_session->timeRange()->visible();
    if (!v.isValid()) {
        QMessageBox::information(this, QStringLiteral("Prometheus"), QStringLiteral("Open a bundle first: the query runs over the visible range."));
        return;
    }
    auto *dialog = new PrometheusDialog(Timestamp{v.fromUs}, Timestamp{v.toUs}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PrometheusDialog::resultReady, this, [this](const PrometheusResult &r) {
        if (r.series.isEmpty()) {
            m_chart->setExtraSeries({}, {});
            m_status->showMessage(QStringLiteral("Prometheus returned no series for that query"), 10000);
            return;
        }
        // One line: the first series (a sum() gives exactly one).
        const PrometheusSeries &s = r.series.first();
        QList<QPointF> points;
        points.reserve(s.points.size());
        for (const PrometheusPoint &p : s.points)
            points.append({double(p.time.us) / 1000.0, p.value});
        m_chart->setExtraSeries(s.name(r.expression), points);
        if (r.series.size() > 1)
            m_status->showMessage(QStringLiteral("Prometheus returned %1 series; drawing the first (use sum() for one line)")
                                         .arg(r.series.size()),
                                     10000);
    });
    dialog->show();
}

void MainWindow::openDialog(bool folder)
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("dialogs/lastDir")).toString();
    QStringList paths;
    if (folder) {
        const QString d = QFileDialog::getExistingDirectory(this, QStringLiteral("Open a folder of logs"), dir);
        if (!d.isEmpty())
            paths << d;
    } else {
        paths = QFileDialog::getOpenFileNames(this, QStringLiteral("Open logs, archives or an investigation"), dir,
                                              QStringLiteral("All files (*);;Investigations (*.gateline);;"
                                                             "Archives (*.tar *.tar.gz *.tgz *.zip *.gz)"));
    }
    if (paths.isEmpty())
        return;
    settings.setValue(QStringLiteral("dialogs/lastDir"), QFileInfo(paths.first()).absolutePath());
    openPaths(paths);
}

bool MainWindow::save(bool as)
{
    QString path = m_session->filePath();
    if (as || path.isEmpty()) {
        const QString suggestion = path.isEmpty() && !m_session->paths().isEmpty()
                                       ? QFileInfo(m_session->paths().first()).absolutePath() + QStringLiteral("/investigation.gateline")
                                       : path;
        path = QFileDialog::getSaveFileName(this, QStringLiteral("Save the investigation"), suggestion,
                                            QStringLiteral("Gateline investigations (*.gateline)"));
        if (path.isEmpty())
            return false;
        if (!path.endsWith(QLatin1String(".gateline")))
            path += QStringLiteral(".gateline");
    }
    return saveInvestigation(path);
}

bool MainWindow::saveInvestigation(const QString &path)
{
    QString error;
    if (!m_session->save(path, &error)) {
        warn(QStringLiteral("Cannot save"), error);
        return false;
    }
    m_recent->add({QFileInfo(path).absoluteFilePath()});
    m_status->showMessage(QStringLiteral("Saved %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

bool MainWindow::maybeDiscard()
{
    if (!m_session->isModified() || !m_askBeforeDiscarding)
        return true;
    const auto answer = QMessageBox::question(
        this, QStringLiteral("Unsaved investigation"),
        QStringLiteral("The investigation has unsaved verdicts, offsets or notes. Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save(false);
    return answer == QMessageBox::Discard;
}

} // namespace gateline
