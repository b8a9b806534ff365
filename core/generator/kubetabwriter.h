// What kubectl's text output is made of: the ages it prints (k8s.io/apimachinery's
// duration.HumanDuration) and the column alignment of Go's text/tabwriter, which kubectl's tables
// (minwidth 6, padding 3) and `describe` (minwidth 0, padding 2) are printed through.
#pragma once

#include <QByteArray>
#include <QList>

namespace gateline::gen {

// kubectl's age of a duration in whole seconds (the duration truncated, as Go's int(d.Seconds())):
// "0s".."119s", "2m5s".."9m59s", "10m".."179m", "3h".."7h59m", "8h".."47h", "2d".."7d23h",
// "8d".."729d", "2y".."7y364d", "8y"; "<invalid>" for more than a second in the future.
QByteArray kubectlAge(qint64 seconds);

// Go's text/tabwriter with the flags kubectl uses (pad with spaces, align left, no empty-column
// discarding): a line's cells are separated by '\t'; the text after the last tab is not aligned.
// Cells of a column align within a block of consecutive lines that all have that column.
class TabWriter
{
public:
    TabWriter(int minWidth, int padding) : m_minWidth(minWidth), m_padding(padding) {}
    void line(const QByteArray &cellsWithTabs) { m_lines.append(cellsWithTabs.split('\t')); }
    // Aligns the lines so far, appends them (each ending in '\n') to out and starts anew.
    void flush(QByteArray *out);

private:
    void format(QByteArray *out, qsizetype line0, qsizetype line1);
    void writeLines(QByteArray *out, qsizetype line0, qsizetype line1) const;

    int m_minWidth, m_padding;
    QList<QList<QByteArray>> m_lines;
    QList<qsizetype> m_widths;
};

} // namespace gateline::gen
