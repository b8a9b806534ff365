#include "offsetspanel.h"

#include "investigationsession.h"
#include "severitydelegate.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace gateline {

namespace {
// Edits offsets with a spin box in seconds (millisecond steps).
class OffsetDelegate : public SeverityDelegate
{
public:
    using SeverityDelegate::SeverityDelegate;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *box = new QDoubleSpinBox(parent);
        box->setRange(-86400, 86400);
        box->setDecimals(3);
        box->setSingleStep(0.1);
        box->setSuffix(QStringLiteral(" s"));
        return box;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<QDoubleSpinBox *>(editor)->setValue(index.data(Qt::EditRole).toDouble());
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QDoubleSpinBox *>(editor)->value(), Qt::EditRole);
    }
};
} // namespace

OffsetsPanel::OffsetsPanel(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_view(new QTableView(this))
    , m_reset(new QPushButton(QStringLiteral("Back to estimate"), this))
    , m_cancel(new QPushButton(QStringLiteral("Cancel"), this))
    , m_status(new QLabel(this))
{
    auto *help = new QLabel(QStringLiteral("Seconds added to each source's clock to line it up with the load balancer. "
                                           "Double-click an offset to change it; every view realigns. Ctrl+Z undoes."),
                            this);
    help->setWordWrap(true);
    help->setTextFormat(Qt::PlainText);
    help->setForegroundRole(QPalette::PlaceholderText);
    m_status->setTextFormat(Qt::PlainText);
    // Sources that need attention first (not estimated, from a sibling, yours), the reference clocks last.
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(session->offsetsModel());
    m_proxy->setSortRole(OffsetsModel::MethodRole);
    m_proxy->sort(OffsetsModel::SourceColumn, Qt::DescendingOrder);
    m_proxy->setDynamicSortFilter(false);
    m_view->setModel(m_proxy);
    // File names of one kind share their start ("ingress-nginx-controller-…", "264031676801_elastic…")
    // and differ at the end (the pod, the ALB file's time and node): elide the start.
    m_view->setTextElideMode(Qt::ElideLeft);
    m_view->setWordWrap(false);
    m_view->setItemDelegate(new SeverityDelegate(0, m_view));
    m_view->setItemDelegateForColumn(OffsetsModel::OffsetColumn, new OffsetDelegate(0, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6); // as the log panes
    // The offset always shows whole; the source name (elided, whole in its tooltip) takes what is left.
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Measured on a sample of the rows: a day of ALB files is over a thousand sources, and measuring
    // every one stalled the GUI thread each time the analysis came in (bench-gui.sh).
    m_view->horizontalHeader()->setResizeContentsPrecision(200);
    m_view->horizontalHeader()->setSectionResizeMode(OffsetsModel::SourceColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setMinimumSectionSize(40);
    m_view->horizontalHeader()->setSectionResizeMode(OffsetsModel::NoteColumn, QHeaderView::Interactive);
    m_view->horizontalHeader()->resizeSection(OffsetsModel::NoteColumn, 240);
    m_view->setAlternatingRowColors(true);
    m_view->setObjectName(QStringLiteral("offsets"));
    m_reset->setToolTip(QStringLiteral("Drop your offset for the selected source and use the estimate again"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_reset);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(help);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(session->offsetsModel(), &OffsetsModel::offsetEditRequested, session, &InvestigationSession::requestOffset);
    connect(m_reset, &QPushButton::clicked, this, &OffsetsPanel::resetSelected);
    connect(session->offsetsModel(), &QAbstractItemModel::modelReset, this, [this] {
        m_proxy->sort(OffsetsModel::SourceColumn, Qt::DescendingOrder);
    });
    m_cancel->setObjectName(QStringLiteral("cancelRealign"));
    m_cancel->setToolTip(QStringLiteral("Stop the realignment and undo the edit it was for (Esc); Redo retries it"));
    m_cancel->hide();
    m_status->setObjectName(QStringLiteral("realignStatus"));
    m_status->setWordWrap(true);
    connect(m_cancel, &QPushButton::clicked, session, &InvestigationSession::cancelRealign);
    connect(session, &InvestigationSession::realignProgressed, this, [this] {
        const auto st = m_session->realignStatus();
        m_status->setText(st.running ? QStringLiteral("%1 (step %2 of %3)").arg(st.what).arg(st.step).arg(st.steps) : QString());
        m_status->setToolTip(m_status->text());
        m_cancel->setVisible(st.running);
    });
}

QString OffsetsPanel::statusText() const
{
    return m_status->text();
}

void OffsetsPanel::resetSelected()
{
    const QModelIndex i = m_proxy->mapToSource(m_view->currentIndex());
    if (!i.isValid())
        return;
    const SourceId id{i.row()};
    const SourceAlignment original = m_session->originalAlignment(id);
    m_session->requestAlignment(id, original, QStringLiteral("Reset clock offset to the estimate"));
}

} // namespace gateline
