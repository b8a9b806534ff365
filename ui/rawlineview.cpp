#include "rawlineview.h"

#include "investigationsession.h"
#include "severitydelegate.h"
#include "syntaxsupport.h"

#include <KSyntaxHighlighting/SyntaxHighlighter>

#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace gateline {

namespace {
bool isMultiLine(SourceFormat f)
{
    return f == SourceFormat::K8sEvents || f == SourceFormat::K8sPods || f == SourceFormat::GcpLb;
}

struct RawResult {
    QString text;
    QString header;
    SourceFormat format = SourceFormat::Unknown;
    QByteArray sample;
};
} // namespace

RawLineView::RawLineView(InvestigationSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_header(new QLabel(this))
    , m_edit(new QPlainTextEdit(this))
    , m_highlighter(new KSyntaxHighlighting::SyntaxHighlighter(m_edit->document()))
{
    m_header->setTextFormat(Qt::PlainText);
    m_header->setText(QStringLiteral("Select rows in a source pane to see their raw lines."));
    m_header->setForegroundRole(QPalette::PlaceholderText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Paths can be very long: they must not widen the window.
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_header->setMinimumWidth(40);
    m_edit->setReadOnly(true);
    m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_edit->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setUndoRedoEnabled(false);
    m_edit->setMaximumBlockCount(20000);
    m_edit->setObjectName(QStringLiteral("rawLines"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_edit, 1);
    updateTheme();
}

void RawLineView::clear()
{
    m_session->jobs()->cancel(QStringLiteral("raw"));
    m_edit->clear();
    m_header->setText(QStringLiteral("Select rows in a source pane to see their raw lines."));
}

QString RawLineView::text() const
{
    return m_edit->toPlainText();
}

QString RawLineView::definitionName() const
{
    return m_highlighter->definition().name();
}

void RawLineView::updateTheme()
{
    m_highlighter->setTheme(syntaxThemeFor(palette()));
    m_highlighter->rehighlight();
}

void RawLineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateTheme();
    QWidget::changeEvent(event);
}

void RawLineView::showRows(const QList<Row> &input)
{
    if (input.isEmpty()) {
        clear();
        return;
    }
    const QList<Row> rows = input.mid(0, kMaxRows);
    const qsizetype more = input.size() - rows.size();
    const auto reader = m_session->rawLines();
    m_header->setText(QStringLiteral("Reading…"));
    m_session->jobs()->start<RawResult>(
        QStringLiteral("raw"),
        [rows, more, reader](const JobContext &ctx) {
            RawResult r;
            r.format = rows.first().format;
            QStringList lines;
            QString lastError;
            for (const Row &row : rows) {
                if (ctx.cancelled())
                    break;
                const auto line = isMultiLine(row.format) ? reader->readLines(row.locator, row.offset, 60, 64 * 1024)
                                                          : reader->readLine(row.locator, row.offset);
                if (!line.error.isEmpty()) {
                    lastError = line.error;
                    lines << QStringLiteral("(cannot read this line: %1)").arg(line.error);
                    continue;
                }
                if (r.sample.isEmpty())
                    r.sample = line.text.left(64);
                QString t = QString::fromUtf8(line.text);
                if (line.truncated)
                    t += QStringLiteral(" … (cut)");
                lines << t;
            }
            r.text = lines.join(QLatin1Char('\n'));
            const Row &first = rows.first();
            r.header = rows.size() == 1
                ? QStringLiteral("%1 at byte %2").arg(first.locator.displayPath()).arg(first.offset.value)
                : QStringLiteral("%1 rows from %2%3").arg(rows.size()).arg(QFileInfo(first.locator.displayPath()).fileName(),
                      more > 0 ? QStringLiteral(" (first %1 of %2 selected)").arg(rows.size()).arg(rows.size() + more) : QString());
            return r;
        },
        [this](RawResult r) {
            const auto def = syntaxDefinitionFor(r.format, r.sample);
            if (m_highlighter->definition() != def)
                m_highlighter->setDefinition(def);
            m_edit->setPlainText(r.text);
            m_header->setText(r.header);
            m_header->setToolTip(SeverityDelegate::plainToolTip(r.header));
            Q_EMIT shown();
        });
}

} // namespace gateline
