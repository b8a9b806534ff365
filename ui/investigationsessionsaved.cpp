// InvestigationSession's saved state: an investigation written to and reopened from a .gateline
// file (offsets, verdicts, notes, view, pin, capture time), and the reload for a new capture time,
// which comes back the same way (and is undone when cancelled).
#include "investigationsession.h"

#include "investigationsessiondetail.h"

#include "capturetimecommand.h"

#include <QFileInfo>
#include <QScopedValueRollback>

namespace gateline {

using namespace sessiondetail;

void InvestigationSession::applyPendingInvestigation()
{
    if (!m_pending)
        return;
    const Investigation inv = *m_pending;
    m_pending.reset();
    // The saved offsets came in through the analysis options: the "before" of an undo is the estimate.
    for (const SavedVerdict &v : inv.verdicts)
        m_verdicts.insert(v.step, v);
    m_notesModel.setNotes(inv.notes);
    if (!m_reloading)
        m_notesDirty = false;
    if (inv.visible.isValid())
        m_range.setVisible(inv.visible, TimeRange::NoRecord);
    if (inv.selection.isValid())
        m_range.setSelection(inv.selection);
    setPinnedRange(inv.pinned);
    if (m_reloading) {
        // A new capture time: the edits made before it stay undoable, and still count as unsaved.
        m_reloading = false;
        Q_EMIT verdictsChanged();
        Q_EMIT modifiedChanged(isModified());
        return;
    }
    m_undo.clear();
    m_undo.setClean();
    Q_EMIT verdictsChanged();
    Q_EMIT modifiedChanged(isModified());
}

bool InvestigationSession::openInvestigation(const QString &file, QString *error)
{
    std::optional<Investigation> inv = Investigation::load(file, error);
    if (!inv)
        return false;
    if (inv->bundlePaths.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 names no bundle to open").arg(file);
        return false;
    }
    m_pending = inv;
    m_filePath = QFileInfo(file).absoluteFilePath();
    open(inv->bundlePaths, inv->captureTime);
    Q_EMIT filePathChanged(m_filePath);
    return true;
}

bool InvestigationSession::isModified() const
{
    return !m_undo.isClean() || m_notesDirty;
}

Investigation InvestigationSession::toInvestigation() const
{
    Investigation inv;
    inv.bundlePaths = m_paths;
    if (m_store) {
        for (size_t i = 0; i < m_desired.size(); ++i) {
            if (m_desired[i].method == SourceAlignment::UserOverride)
                inv.offsets.append({m_store->source(SourceId{int(i)}).locator.displayPath(), m_desired[i].offsetSeconds});
        }
    }
    for (const SavedVerdict &v : m_verdicts)
        inv.verdicts.append(v);
    std::sort(inv.verdicts.begin(), inv.verdicts.end(), [](const auto &a, const auto &b) { return a.step < b.step; });
    inv.notes = m_notesModel.notes();
    inv.matchWindowSeconds = m_matchOptions.windowSeconds;
    inv.visible = m_range.visible();
    inv.selection = m_range.selection();
    inv.pinned = m_pinned;
    inv.captureTime = m_captureTime;
    return inv;
}

bool InvestigationSession::save(const QString &path, QString *error)
{
    if (!toInvestigation().save(path, error))
        return false;
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_undo.setClean();
    m_notesDirty = false;
    Q_EMIT filePathChanged(m_filePath);
    Q_EMIT modifiedChanged(false);
    return true;
}

void InvestigationSession::requestCaptureTime(const QDateTime &captureTime)
{
    const QDateTime after = captureTime.isValid() ? captureTime.toUTC() : QDateTime();
    if (m_paths.isEmpty() || after == m_captureTime)
        return;
    const QString text = after.isValid()
                             ? QStringLiteral("Set capture time to %1 UTC").arg(after.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                             : QStringLiteral("Reset capture time to the files' own");
    m_undo.push(new CaptureTimeCommand(this, m_captureTime, after, text));
}

void InvestigationSession::applyCaptureTime(const QDateTime &captureTime)
{
    if (m_paths.isEmpty() || m_reverting)
        return; // revertReload() undoing the edit puts the state back itself
    // What this reload replaces, for a Cancel to put back. A reload still under way keeps the one
    // taken before it.
    if (!m_beforeReload && m_analysis) {
        auto was = std::make_unique<ShownState>();
        was->store = m_store;
        was->analysis = m_analysis;
        was->run = m_playbookRun;
        was->verdict = m_verdict;
        was->timeline = m_timeline;
        was->orders = m_orders;
        was->merged = m_merged;
        was->original = m_original;
        was->desired = m_desired;
        was->matchOptions = m_matchOptions;
        was->verdicts = m_verdicts;
        was->notes = m_notesModel.notes();
        was->notesDirty = m_notesDirty;
        was->captureTime = m_captureTime;
        was->bounds = m_range.bounds();
        was->visible = m_range.visible();
        was->selection = m_range.selection();
        was->pinned = m_pinned;
        // A command's redo() and undo() run before the stack's index moves: this is the index of
        // the state shown.
        was->undoIndex = m_undo.index();
        m_beforeReload = std::move(was);
    }
    // Reload the way an investigation reopens: its offsets, verdicts, notes and view come back once
    // the new analysis is in. A reload still under way keeps the state it was started with.
    Investigation inv = m_pending ? *m_pending : toInvestigation();
    inv.captureTime = captureTime;
    m_pending = inv;
    m_reloading = true;
    load(m_paths, captureTime);
}

void InvestigationSession::revertReload()
{
    std::unique_ptr<ShownState> was = std::move(m_beforeReload);
    stopLoadJob();
    m_jobs.cancel(kLoadChannel); // its stages and result are dropped
    m_pending.reset();
    m_reloading = false;
    m_status = {};
    m_store = was->store;
    m_analysis = was->analysis;
    m_analysisStopped = m_store && !m_analysis; // the analysis had been stopped before the reload
    m_playbookRun = was->run;
    m_verdict = was->verdict;
    m_timeline = was->timeline;
    m_orders = was->orders;
    m_merged = was->merged;
    m_original = was->original;
    m_desired = was->desired;
    m_matchOptions = was->matchOptions;
    m_verdicts = was->verdicts;
    m_notesModel.setNotes(was->notes);
    m_notesDirty = was->notesDirty;
    m_captureTime = was->captureTime;
    m_sourcesModel.setStore(m_store);
    m_offsetsModel.setAnalysis(m_analysis);
    m_pairsModel.setAnalysis(m_analysis);
    m_rawLines->clearCache();
    m_range.setBounds(was->bounds);
    if (was->visible.isValid())
        m_range.setVisible(was->visible, TimeRange::NoRecord);
    if (was->selection.isValid())
        m_range.setSelection(was->selection);
    else
        m_range.clearSelection();
    setPinnedRange(was->pinned);
    {
        // Undo (or redo) the capture-time edits back to the state shown; Redo retries them.
        const QScopedValueRollback guard(m_reverting, true);
        const auto reloading = [](const QUndoCommand *c) { return dynamic_cast<const CaptureTimeCommand *>(c) != nullptr; };
        while (m_undo.index() > was->undoIndex && reloading(m_undo.command(m_undo.index() - 1)))
            m_undo.undo();
        while (m_undo.index() < was->undoIndex && m_undo.index() < m_undo.count() && reloading(m_undo.command(m_undo.index())))
            m_undo.redo();
    }
    m_shownUndoIndex = m_undo.index();
    Q_EMIT storeReady();
    Q_EMIT analysisReady();
    Q_EMIT verdictsChanged();
    Q_EMIT loadFinished(true);
    Q_EMIT reloadCancelled();
    Q_EMIT modifiedChanged(isModified());
}

} // namespace gateline
