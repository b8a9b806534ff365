#include "notespanel.h"

#include "investigationsession.h"
#include "models/timeformat.h"
#include "severitydelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gateline {

NotesPanel::NotesPanel(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_view(new QTableView(this))
{
    m_view->setModel(session->notesModel());
    m_view->setItemDelegate(new SeverityDelegate(0, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setObjectName(QStringLiteral("notes"));
    auto *add = new QPushButton(QStringLiteral("Pin note…"), this);
    add->setToolTip(QStringLiteral("Pin a note at the cursor or the selection (Ctrl+M)"));
    auto *go = new QPushButton(QStringLiteral("Go to"), this);
    auto *remove = new QPushButton(QStringLiteral("Remove"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(go);
    buttons->addStretch(1);
    buttons->addWidget(remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, &NotesPanel::pinNoteHere);
    auto goTo = [this] {
        const QModelIndex i = m_view->currentIndex();
        if (i.isValid())
            m_session->timeRange()->goTo(i.data(NotesModel::TimeUsRole).toLongLong());
    };
    connect(go, &QPushButton::clicked, this, goTo);
    connect(m_view, &QTableView::activated, this, [goTo](const QModelIndex &i) {
        if (i.column() == NotesModel::TimeColumn)
            goTo();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_view->currentIndex();
        if (i.isValid())
            m_session->notesModel()->removeNote(i.row());
    });
}

void NotesPanel::pinNoteHere()
{
    const TimeRange *r = m_session->timeRange();
    if (!r->visible().isValid())
        return;
    pinNoteAt(r->hasCursor() ? r->cursor() : r->hasSelection() ? r->selection().fromUs : r->visible().center());
}

void NotesPanel::pinNoteAt(qint64 us)
{
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, QStringLiteral("Pin a note"),
                                                        QStringLiteral("Note at %1:").arg(formatDateTime(us)), QString(), &ok);
    if (ok && !text.trimmed().isEmpty())
        m_session->pinNote(us, text.trimmed());
}

} // namespace gateline
