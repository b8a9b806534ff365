// The raw lines of the selected rows, read lazily by (source, offset) in the background and
// highlighted with KSyntaxHighlighting. Plain text only: log lines are never rendered as markup.
#pragma once

#include "store/sourcedata.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace gateline {

class InvestigationSession;

class RawLineView : public QWidget
{
    Q_OBJECT
public:
    struct Row {
        SourceLocator locator;
        LineOffset offset;
        SourceFormat format = SourceFormat::Unknown;
    };
    static constexpr int kMaxRows = 200;

    explicit RawLineView(InvestigationSession *session, QWidget *parent = nullptr);

    void showRows(const QList<Row> &rows);
    void clear();
    QString text() const;
    QString definitionName() const;
    // Re-picks the highlighting theme from the palette.
    void updateTheme();

Q_SIGNALS:
    void shown();

protected:
    void changeEvent(QEvent *event) override;

private:
    InvestigationSession *m_session;
    QLabel *m_header;
    QPlainTextEdit *m_edit;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter;
};

} // namespace gateline
