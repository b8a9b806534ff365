#include "sourcefollow.h"

#include "investigationsession.h"
#include "playbook/playbookrun.h"
#include "export/exportjob.h"
#include "models/sourcerows.h"

#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QToolButton>

namespace gateline {

namespace {
const QString kFollowChannel = QStringLiteral("follow");
// The session's job channels that read the store (investigationsession.cpp, rawlineview.cpp).
const QString kReadingChannels[] = {QStringLiteral("load"), QStringLiteral("analysis"), QStringLiteral("raw")};
} // namespace

struct SourceFollow::Followed {
    SourceId id;
    QString path;
    std::unique_ptr<SourceData> staged; // the follower writes here; rows from moved on are new
    qsizetype moved = 0;
    qsizetype notesMoved = 0;
    std::unique_ptr<FileFollower> follower;
    QAction *toggle = nullptr;
};

SourceFollow::SourceFollow(InvestigationSession *session, QObject *parent)
    : QObject(parent), m_session(session), m_button(new QToolButton), m_menu(new QMenu(m_button))
{
    m_button->setObjectName(QStringLiteral("followIndicator"));
    m_button->setAutoRaise(true);
    m_button->setPopupMode(QToolButton::InstantPopup);
    m_button->setMenu(m_menu);
    m_button->setToolTip(QStringLiteral("Plain files of the bundle that grow while open are followed: their new lines "
                                        "join the timeline and the panes. Untick a file to stop following it."));
    m_button->hide();
    m_retry.setSingleShot(true);
    m_retry.setInterval(200);
    connect(&m_retry, &QTimer::timeout, this, &SourceFollow::moveRows);
    connect(session, &InvestigationSession::loadStarted, this, &SourceFollow::clear);
    connect(session, &InvestigationSession::closed, this, &SourceFollow::clear);
    connect(session, &InvestigationSession::loadFinished, this, [this](bool cancelled) {
        if (!cancelled)
            startFollowing();
    });
}

SourceFollow::~SourceFollow()
{
    m_followed.clear();
    if (m_button && !m_button->parent())
        delete m_button; // never put in a status bar: owned here
}

void SourceFollow::clear()
{
    m_followed.clear();
    m_pending = false;
    m_retry.stop();
    m_session->jobs()->cancel(kFollowChannel);
    updateIndicator();
}

void SourceFollow::startFollowing()
{
    clear();
    const auto store = m_session->store();
    if (!store)
        return;
    for (qsizetype i = 0; i < store->sourceCount() && int(m_followed.size()) < kMaxFollowed; ++i) {
        const SourceData &s = store->source(SourceId{int(i)});
        const SourceLocator &loc = s.locator;
        // A local plain file read whole: not gzip, not an archive member, not an S3 object's copy.
        if (loc.gzip || !loc.memberPath.isEmpty() || !loc.displayName.isEmpty() || !QFileInfo(loc.filePath).isFile())
            continue;
        if (QFileInfo(loc.filePath).size() != s.bytesRead)
            continue; // read only in part (a bound): following would skip lines
        auto f = std::make_unique<Followed>();
        f->id = SourceId{int(i)};
        f->path = loc.filePath;
        f->staged = std::make_unique<SourceData>();
        f->staged->format = s.format;
        f->staged->locator = loc;
        f->staged->wrapper = s.wrapper;
        f->staged->pod = s.pod;
        f->staged->container = s.container;
        f->staged->sidecar = s.sidecar;
        f->follower = std::make_unique<FileFollower>(f->staged.get(), s.bytesRead, m_options);
        Followed *raw = f.get();
        const QString name = QFileInfo(f->path).fileName();
        connect(f->follower.get(), &FileFollower::appended, this, [this] {
            m_pending = true;
            moveRows();
        });
        connect(f->follower.get(), &FileFollower::restarted, this, [this, name](const QString &why) {
            Q_EMIT message(QStringLiteral("%1 was %2 while followed: reading it again from its start (the rows read "
                                          "before stay; their raw lines are gone)")
                               .arg(name, why));
        });
        connect(f->follower.get(), &FileFollower::stopped, this, [this, name](const QString &why) {
            Q_EMIT message(QStringLiteral("Stopped following %1: %2").arg(name, why));
            updateIndicator();
        });
        f->toggle = m_menu->addAction(name);
        f->toggle->setCheckable(true);
        f->toggle->setChecked(true);
        f->toggle->setToolTip(f->path);
        connect(f->toggle, &QAction::toggled, this, [this, raw](bool on) {
            if (!on)
                stop(raw->path);
        });
        m_followed.push_back(std::move(f));
    }
    updateIndicator();
}

QStringList SourceFollow::followedPaths() const
{
    QStringList out;
    for (const auto &f : m_followed) {
        if (f->follower && !f->follower->isStopped())
            out << f->path;
    }
    return out;
}

bool SourceFollow::isFollowing(const QString &path) const
{
    return followedPaths().contains(path);
}

void SourceFollow::stop(const QString &path)
{
    for (auto &f : m_followed) {
        if (f->path != path || !f->follower || f->follower->isStopped())
            continue;
        // Deleting the follower stops its watcher and timer; what it read stays staged.
        f->follower.reset();
        Q_EMIT message(QStringLiteral("Stopped following %1").arg(QFileInfo(path).fileName()));
    }
    updateIndicator();
}

qint64 SourceFollow::pollNow()
{
    qint64 n = 0;
    for (auto &f : m_followed) {
        if (f->follower)
            n += f->follower->poll();
    }
    return n;
}

bool SourceFollow::storeInUse() const
{
    JobRunner *jobs = m_session->jobs();
    for (const QString &channel : kReadingChannels) {
        if (jobs->isRunning(channel))
            return true;
    }
    return jobs->isRunning(ExportJob::channel()) || jobs->isRunning(kFollowChannel);
}

void SourceFollow::moveRows()
{
    if (!m_pending || m_followed.empty())
        return;
    const auto store = m_session->store();
    if (!store)
        return;
    if (storeInUse()) {
        // A job reads the store: the rows wait in the staging sources until it is done.
        m_retry.start();
        return;
    }
    // No job reads the store now, and the GUI thread is the only writer: the store is shared
    // as const with the jobs, and is written only here, between them.
    auto *open = const_cast<EventStore *>(store.get());
    qint64 moved = 0;
    for (auto &f : m_followed) {
        SourceData &target = open->source(f->id);
        const qsizetype n = f->staged->size();
        if (n > f->moved) {
            target.appendRows(*f->staged, f->moved);
            moved += n - f->moved;
            f->moved = n;
        }
        for (; f->notesMoved < f->staged->notes.size(); ++f->notesMoved)
            target.notes.append(f->staged->notes[f->notesMoved]);
    }
    m_pending = false;
    if (moved == 0)
        return;
    m_session->refreshGrown(kFollowChannel);
    Q_EMIT grown(moved);
}

void SourceFollow::updateIndicator()
{
    const int n = int(followedPaths().size());
    for (const auto &f : m_followed) {
        if (f->toggle) {
            const QSignalBlocker block(f->toggle);
            f->toggle->setChecked(f->follower && !f->follower->isStopped());
            f->toggle->setEnabled(f->toggle->isChecked());
        }
    }
    if (m_followed.empty()) {
        m_menu->clear();
        m_button->hide();
        return;
    }
    m_button->setText(n == 0 ? QStringLiteral("Not following") : n == 1 ? QStringLiteral("● Following 1 file")
                                                                          : QStringLiteral("● Following %1 files").arg(n));
    m_button->show();
}

// The session's side (declared in investigationsession.h): after rows were appended to the open
// store's sources, the row orders, the panes' merged rows, the timeline and the analysis again,
// in the background, with the user's offsets and matching; the view stays where it is.
void InvestigationSession::refreshGrown(const QString &channel)
{
    if (!m_store || !m_analysis)
        return;
    struct Grown {
        std::shared_ptr<const SourceTableModel::Orders> orders;
        std::shared_ptr<const MergedRows> merged;
        std::shared_ptr<const Analysis> analysis;
        std::shared_ptr<const PlaybookRun> run;
        std::shared_ptr<const TimelineData> timeline;
    };
    const std::shared_ptr<const EventStore> store = m_store;
    AnalysisOptions options = m_analysis->options();
    options.matching = m_matchOptions;
    const std::vector<SourceAlignment> desired = m_desired;
    m_jobs.start<Grown>(
        channel,
        [store, options, desired](const JobContext &ctx) {
            Grown g;
            auto orders = std::make_shared<SourceTableModel::Orders>();
            for (qsizetype i = 0; i < store->sourceCount(); ++i)
                orders->push_back(timeOrder(store->source(SourceId{int(i)})));
            if (ctx.cancelled())
                return g;
            auto *a = new Analysis(*store, options);
            // The analysis keeps its store alive, the playbook run its analysis.
            const std::shared_ptr<const Analysis> owned(a, [store](const Analysis *p) { delete p; });
            for (size_t i = 0; i < desired.size() && i < size_t(store->sourceCount()); ++i) {
                const SourceAlignment &now = a->timeline().alignment(SourceId{int(i)});
                if (desired[i].method == SourceAlignment::UserOverride
                    && (now.method != desired[i].method || now.offsetSeconds != desired[i].offsetSeconds))
                    a->setAlignment(SourceId{int(i)}, desired[i]);
            }
            g.orders = orders;
            // The panes' rows for the analysis's offsets (the panes are rebuilt with these shifts).
            g.merged = mergeRowsByFormat(*store, *orders, shiftsOf(*store, a), nullptr, [&ctx] { return ctx.cancelled(); });
            if (!g.merged)
                return Grown{};
            g.timeline = buildTimelineData(*store, a);
            g.run = std::shared_ptr<const PlaybookRun>(new PlaybookRun(*owned), [owned](const PlaybookRun *p) { delete p; });
            g.analysis = owned;
            return g;
        },
        [this, store](Grown g) {
            if (!g.analysis || store != m_store)
                return;
            m_orders = g.orders;
            m_merged = g.merged;
            m_timeline = g.timeline;
            m_sourcesModel.setStore(m_store);
            Q_EMIT storeReady();
            deliverAnalysis(g.analysis, g.run, g.timeline, false);
        });
}

} // namespace gateline
