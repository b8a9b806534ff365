#include "sourcespanel.h"

#include "capturetimedialog.h"
#include "investigationsession.h"
#include "severitydelegate.h"
#include "stallprobe.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QStyleOptionProgressBar>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace gateline {

namespace {
// Progress bars while loading; problems tinted (amber: rejects and notes, red: unreadable).
class SourcesDelegate : public SeverityDelegate
{
public:
    using SeverityDelegate::SeverityDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int progress = index.data(SourcesModel::ProgressRole).toInt();
        if (index.column() == SourcesModel::StateColumn && !index.parent().isValid() && progress >= 0) {
            QStyleOptionProgressBar bar;
            bar.rect = option.rect.adjusted(2, 2, -2, -2);
            bar.minimum = 0;
            bar.maximum = 100;
            bar.progress = progress;
            bar.text = index.data().toString();
            bar.textVisible = true;
            bar.state = option.state | QStyle::State_Horizontal;
            QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
            return;
        }
        const int severity = index.data(SourcesModel::SeverityRole).toInt();
        if (severity > 0 && !(option.state & QStyle::State_Selected)) {
            const bool dark = option.palette.color(QPalette::Base).lightness() < 128;
            QColor c = severity >= 2 ? QColor(0xff, 0x5c, 0x5c) : QColor(0xd4, 0xa7, 0x2c);
            c.setAlpha(dark ? 60 : 55);
            painter->fillRect(option.rect, c);
        }
        QStyledItemDelegate::paint(painter, option, index);
    }
};
} // namespace

SourcesPanel::SourcesPanel(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_view(new QTreeView(this))
    , m_summary(new QLabel(this))
    , m_cancel(new QPushButton(QStringLiteral("Cancel loading"), this))
{
    m_summary->setObjectName(QStringLiteral("sourcesSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_view->setModel(session->sourcesModel());
    m_view->setItemDelegate(new SourcesDelegate(0, m_view));
    m_view->setUniformRowHeights(true);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setAlternatingRowColors(true);
    m_view->setObjectName(QStringLiteral("sources"));
    m_view->header()->setStretchLastSection(true);
    // Column widths from a sample of the rows: a day of ALB files is over a thousand of them, and
    // measuring every one stalled the GUI thread when the store came in.
    m_view->header()->setResizeContentsPrecision(200);
    m_cancel->setObjectName(QStringLiteral("cancelLoad"));
    m_cancel->setToolTip(QStringLiteral("Stop reading (Esc); what was read so far is shown"));
    m_cancel->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    // A source whose kubectl ages were counted back from a guessed capture time: correct it here.
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QModelIndex i = m_view->indexAt(pos);
        while (i.parent().isValid())
            i = i.parent();
        const auto store = m_session->store();
        const int id = i.isValid() ? i.siblingAtColumn(0).data(SourcesModel::SourceIdRole).toInt() : -1;
        if (!store || m_session->isLoading() || id < 0 || CaptureTimeDialog::clockNotes(*store, id).isEmpty())
            return;
        QMenu menu(this);
        QAction *set = menu.addAction(QStringLiteral("Set Capture Time…"));
        set->setObjectName(QStringLiteral("setCaptureTimeFromSources"));
        if (menu.exec(m_view->viewport()->mapToGlobal(pos)) == set)
            CaptureTimeDialog::ask(m_session, window());
    });
    connect(m_cancel, &QPushButton::clicked, session, &InvestigationSession::cancelLoad);
    connect(session, &InvestigationSession::loadStarted, this, [this] {
        m_cancel->show();
        updateSummary();
    });
    connect(session, &InvestigationSession::loadProgressed, this, [this] {
        // Once every file is read it stops the analysis (the records stay, unanalysed).
        m_cancel->setVisible(m_session->canCancelLoad());
        const bool analysing = m_session->isAnalysingLoad();
        m_cancel->setText(analysing ? QStringLiteral("Stop analysis") : QStringLiteral("Cancel loading"));
        m_cancel->setToolTip(analysing ? QStringLiteral("Stop the analysis (Esc); the records stay, shown without it")
                                       : QStringLiteral("Stop reading (Esc); what was read so far is shown"));
        updateSummary();
    });
    connect(session, &InvestigationSession::storeReady, this, [this] {
        updateSummary();
        // The rows' spans and column widths on a turn of their own: the store's first stage
        // (timeline, verdict, sources) is long enough on a day of a thousand files.
        QTimer::singleShot(0, this, &SourcesPanel::fitRows);
    });
    connect(session, &InvestigationSession::loadFinished, this, [this] {
        m_cancel->hide();
        updateSummary();
    });
    connect(session, &InvestigationSession::closed, this, [this] {
        m_cancel->hide();
        updateSummary();
    });
    updateSummary();
}

void SourcesPanel::fitRows()
{
    {
        const StallProbe probe("sourcespanel fitRows");
        // Children hold the problems: show them for sources that have any.
        const QAbstractItemModel *m = m_view->model();
        for (int r = 0; r < m->rowCount(); ++r) {
            const QModelIndex i = m->index(r, 0);
            for (int c = 0; c < m->rowCount(i); ++c)
                m_view->setFirstColumnSpanned(c, i, true);
            if (m->index(r, 0).data(SourcesModel::SeverityRole).toInt() > 0 && m->rowCount() < 50)
                m_view->expand(i);
        }
        for (int c = 0; c < SourcesModel::DetailColumn; ++c)
            m_view->resizeColumnToContents(c);
        m_view->setColumnWidth(SourcesModel::NameColumn, std::min(m_view->columnWidth(SourcesModel::NameColumn), 360));
    }
}

void SourcesPanel::updateSummary()
{
    const auto status = m_session->loadStatus();
    if (status.loading) {
        m_summary->setText(status.filesTotal > 0
                               ? QStringLiteral("Reading %1 of %2 files…").arg(status.filesDone).arg(status.filesTotal)
                               : QStringLiteral("Reading…"));
        return;
    }
    const auto store = m_session->store();
    if (!store) {
        m_summary->setText(QStringLiteral("Nothing loaded."));
        return;
    }
    const int problems = m_session->sourcesModel()->problemCount();
    const auto count = [](qsizetype n, const char *one, const char *many) { return countOf(n, QLatin1StringView(one), QLatin1StringView(many)); };
    m_summary->setText(QStringLiteral("%1 read, %2 not recognised, %3 with problems%4")
                           .arg(count(store->sourceCount(), "source", "sources"))
                           .arg(count(store->unrecognised.size(), "file", "files"))
                           .arg(problems)
                           .arg(store->cancelled ? QStringLiteral(" — loading was cancelled: partial data") : QString()));
}

} // namespace gateline
