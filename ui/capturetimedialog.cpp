#include "capturetimedialog.h"

#include "investigationsession.h"
#include "store/eventstore.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimeZone>
#include <QVBoxLayout>

namespace gateline {

namespace {
QLabel *plainLabel(const QString &text, QWidget *parent)
{
    // Paths and origins come from the input: never rendered as rich text.
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    return l;
}

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}
} // namespace

QList<CaptureTimeDialog::ClockNote> CaptureTimeDialog::clockNotes(const EventStore &store, int sourceId)
{
    // Written by k8s::CaptureClock::note(): "ages counted back from 2024-06-02 10:30:00 UTC (origin)".
    static const QRegularExpression re(QStringLiteral("^ages counted back from (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC \\((.*)\\)$"));
    QList<ClockNote> out;
    if (sourceId < 0 || sourceId >= store.sourceCount())
        return out;
    const SourceData &s = store.source(SourceId{sourceId});
    for (const QString &note : s.notes) {
        const QRegularExpressionMatch m = re.match(note);
        if (!m.hasMatch())
            continue;
        QDateTime t = QDateTime::fromString(m.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        t.setTimeZone(QTimeZone::UTC);
        if (t.isValid())
            out.append({s.locator.displayPath(), t, m.captured(2)});
    }
    return out;
}

QList<CaptureTimeDialog::ClockNote> CaptureTimeDialog::clockNotes(const EventStore &store)
{
    QList<ClockNote> out;
    for (qsizetype i = 0; i < store.sourceCount(); ++i)
        out += clockNotes(store, int(i));
    return out;
}

QString CaptureTimeDialog::describeOrigin(const QString &origin)
{
    static const QRegularExpression line(QStringLiteral("^capture time on line (\\d+)"));
    if (origin.startsWith(QLatin1String("--captured-at")))
        return QStringLiteral("the time you set");
    if (origin.startsWith(QLatin1String("file modification time")))
        return QStringLiteral("the file's modification time (a guess: the file may have been copied or saved later)");
    if (const QRegularExpressionMatch m = line.match(origin); m.hasMatch())
        return QStringLiteral("the time printed on line %1 of the file").arg(m.captured(1));
    if (origin.startsWith(QLatin1String("time of reading")))
        return QStringLiteral("the time the file was read: no capture time was known");
    return origin;
}

bool CaptureTimeDialog::ask(InvestigationSession *session, QWidget *parent)
{
    const auto store = session->store();
    const QList<ClockNote> notes = store ? clockNotes(*store) : QList<ClockNote>{};
    if (notes.isEmpty() || session->isLoading()) {
        QMessageBox box(QMessageBox::Information, QStringLiteral("Set Capture Time"),
                        session->isLoading() ? QStringLiteral("Wait for the bundle to finish loading.")
                                             : QStringLiteral("No source of this bundle has relative ages (kubectl get events, "
                                                              "kubectl events or kubectl describe output) to count back."),
                        QMessageBox::Ok, parent);
        box.setTextFormat(Qt::PlainText);
        box.exec();
        return false;
    }
    CaptureTimeDialog dialog(notes, session->captureTime().isValid(), parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    session->requestCaptureTime(dialog.captureTime());
    return true;
}

CaptureTimeDialog::CaptureTimeDialog(const QList<ClockNote> &notes, bool userSet, QWidget *parent)
    : QDialog(parent)
    , m_edit(new QDateTimeEdit(this))
    , m_current(nullptr)
{
    setWindowTitle(QStringLiteral("Set Capture Time"));
    setObjectName(QStringLiteral("captureTimeDialog"));

    // The time used first (every source shares it unless their files print different ones).
    const ClockNote first = notes.isEmpty() ? ClockNote{} : notes.first();
    bool allSame = true;
    for (const ClockNote &n : notes)
        allSame = allSame && n.time == first.time && n.origin == first.origin;
    QString current;
    if (notes.isEmpty()) {
        current = QStringLiteral("No source has relative ages.");
    } else if (allSame) {
        current = QStringLiteral("Now counted back from %1, which is %2.").arg(utcText(first.time), describeOrigin(first.origin));
    } else {
        QStringList lines{QStringLiteral("Now counted back from:")};
        for (qsizetype i = 0; i < notes.size() && i < 6; ++i)
            lines << QStringLiteral("  %1: %2, %3")
                         .arg(QFileInfo(notes[i].source).fileName(), utcText(notes[i].time), describeOrigin(notes[i].origin));
        if (notes.size() > 6)
            lines << QStringLiteral("  … and %1 more").arg(notes.size() - 6);
        current = lines.join(QLatin1Char('\n'));
    }
    QStringList names;
    for (const ClockNote &n : notes) {
        const QString name = QFileInfo(n.source).fileName();
        if (!names.contains(name))
            names << name;
    }
    const QString applies = names.size() <= 3
                                ? names.join(QStringLiteral(", "))
                                : QStringLiteral("%1 and %2 more").arg(names.mid(0, 3).join(QStringLiteral(", "))).arg(names.size() - 3);

    auto *intro = plainLabel(QStringLiteral("kubectl prints when events happened as ages (\"5m\", \"2m (x5 over 34m)\"). "
                                            "Gateline counts them back from the time the output was captured."),
                             this);
    m_current = plainLabel(current, this);
    m_current->setObjectName(QStringLiteral("currentCaptureTime"));
    m_current->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_edit->setObjectName(QStringLiteral("captureTimeEdit"));
    m_edit->setTimeZone(QTimeZone::UTC);
    m_edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_edit->setCalendarPopup(true);
    m_edit->setDateTime(first.time.isValid() ? first.time : QDateTime::currentDateTimeUtc());
    m_edit->setToolTip(QStringLiteral("When the kubectl output was captured, in UTC"));

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Captured at (UTC):"), m_edit);
    form->addRow(QStringLiteral("Applies to:"), plainLabel(applies, this));
    auto *after = plainLabel(QStringLiteral("Reload reads the bundle again: the event times of these sources move by the "
                                            "difference; offsets, verdicts and notes are kept. Edit ▸ Undo restores the "
                                            "previous time."),
                             this);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Reload"));
    QPushButton *reset = buttons->addButton(QStringLiteral("Reset to File Time"), QDialogButtonBox::ResetRole);
    reset->setObjectName(QStringLiteral("resetCaptureTime"));
    reset->setToolTip(QStringLiteral("Forget the time you set: use the time printed in the file, else its modification time"));
    reset->setEnabled(userSet);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(reset, &QPushButton::clicked, this, [this] {
        m_reset = true;
        accept();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_current);
    layout->addLayout(form);
    layout->addWidget(after);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

QDateTime CaptureTimeDialog::captureTime() const
{
    if (m_reset)
        return {};
    return m_edit->dateTime().toUTC();
}

} // namespace gateline
