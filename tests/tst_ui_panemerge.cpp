// The source panes' rows are merged on the aligned timeline in the background, not on the GUI
// thread: after a load (whose analysis moves the ingress replicas apart) and after a realignment,
// every pane shows the rows the session merged for the shifts shown (the same rows, shared), and
// they are the rows a merge for those shifts gives.
#include "uitestutil.h"
#include "generator/bundlegenerator.h"
#include "sourcepane.h"
#include "sourcepanes.h"

#include <QTemporaryDir>
#include <QTest>

using namespace gateline;
using uitestutil::load;

namespace {
// The ingress pane's sources (its replicas), when their shifts differ: their merged order then
// depends on the shifts.
QList<SourceId> skewedReplicas(MainWindow &w)
{
    const std::vector<qint64> shifts = w.session()->shifts();
    for (SourcePane *p : w.panes()->panes()) {
        const QList<SourceId> ids = p->model()->sources();
        if (p->model()->format() != SourceFormat::NginxIngress || ids.size() < 2)
            continue;
        for (SourceId id : ids)
            if (shifts[size_t(id.value)] != shifts[size_t(ids.first().value)])
                return ids;
    }
    return {};
}
} // namespace

class TstUiPaneMerge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void loadedPanesShowTheBackgroundMerge();
    void realignedPanesShowTheBackgroundMerge();

private:
    QTemporaryDir m_dir;
    // Every pane's rows: merged for the session's shifts, and those of its background merge.
    static void checkPanes(MainWindow &w);
};

void TstUiPaneMerge::initTestCase()
{
    uitestutil::useTestSettings(QStringLiteral("tst_ui_panemerge"));
    // ingress-nginx replicas in one kubectl stream, each on a node clock of its own.
    GeneratorOptions o;
    o.ingressSkewSeconds = 2.5;
    o.durationMinutes = 10;
    o.seed = 3;
    GeneratorTruth truth;
    QString error;
    QVERIFY(m_dir.isValid());
    QVERIFY2(generateBundle(o, m_dir.path(), &truth, &error), qPrintable(error));
}

void TstUiPaneMerge::checkPanes(MainWindow &w)
{
    InvestigationSession *s = w.session();
    const auto store = s->store();
    QVERIFY(store && s->orders());
    const std::vector<qint64> shifts = s->shifts();
    QVERIFY(!w.panes()->panes().isEmpty());
    for (SourcePane *p : w.panes()->panes()) {
        const SourceTableModel *m = p->model();
        const auto expected = mergeByAlignedTime(*store, m->sources(), *s->orders(), shifts);
        QCOMPARE(*m->orderedRows(), expected);
        // A pane of all the format's sources shares the session's rows (no merge of its own).
        const auto merged = s->mergedRows(m->format(), shifts);
        QVERIFY2(merged, qPrintable(m->title()));
        QCOMPARE(m->orderedRows().get(), merged.get());
    }
}

void TstUiPaneMerge::loadedPanesShowTheBackgroundMerge()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QVERIFY(load(w, {m_dir.path()}));
    // The analysis moved the ingress replicas apart: the load-time merge (for no shifts) would
    // not do for their pane.
    QVERIFY(!skewedReplicas(w).isEmpty());
    checkPanes(w);
}

void TstUiPaneMerge::realignedPanesShowTheBackgroundMerge()
{
    MainWindow w;
    w.setAskBeforeDiscarding(false);
    QVERIFY(load(w, {m_dir.path()}));
    InvestigationSession *s = w.session();
    const QList<SourceId> replicas = skewedReplicas(w);
    QVERIFY(!replicas.isEmpty());
    const SourceId id = replicas.first(); // one replica moved: the ingress pane's order changes
    const qint64 before = s->shifts()[size_t(id.value)];
    const double offset = s->analysis()->timeline().alignment(id).offsetSeconds;
    s->requestOffset(id, offset + 7);
    QTRY_VERIFY_WITH_TIMEOUT(!s->isRealigning(), uitestutil::kJobWaitMs);
    QCOMPARE(s->shifts()[size_t(id.value)], before + 7000000);
    checkPanes(w);
    // And back (undo): the rows follow again.
    s->undoStack()->undo();
    QTRY_VERIFY_WITH_TIMEOUT(!s->isRealigning() && s->shifts()[size_t(id.value)] == before, uitestutil::kJobWaitMs);
    checkPanes(w);
}

QTEST_MAIN(TstUiPaneMerge)
#include "tst_ui_panemerge.moc"
