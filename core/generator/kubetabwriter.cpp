#include "kubetabwriter.h"

#include <algorithm>

namespace gateline::gen {

QByteArray kubectlAge(qint64 seconds)
{
    auto n = [](qint64 v) { return QByteArray::number(v); };
    if (seconds < -1)
        return QByteArrayLiteral("<invalid>");
    if (seconds < 0)
        return QByteArrayLiteral("0s");
    if (seconds < 60 * 2)
        return n(seconds) + 's';
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? n(minutes) + 'm' : n(minutes) + 'm' + n(s) + 's';
    }
    if (minutes < 60 * 3)
        return n(minutes) + 'm';
    const qint64 hours = seconds / 3600;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? n(hours) + 'h' : n(hours) + 'h' + n(m) + 'm';
    }
    if (hours < 48)
        return n(hours) + 'h';
    if (hours < 24 * 8) {
        const qint64 h = hours % 24;
        return h == 0 ? n(hours / 24) + 'd' : n(hours / 24) + 'd' + n(h) + 'h';
    }
    if (hours < 24 * 365 * 2)
        return n(hours / 24) + 'd';
    if (hours < 24 * 365 * 8) {
        const qint64 dy = (hours / 24) % 365;
        return dy == 0 ? n(hours / 24 / 365) + 'y' : n(hours / 24 / 365) + 'y' + n(dy) + 'd';
    }
    return n(hours / 24 / 365) + 'y';
}

namespace {
// Go's tabwriter counts runes (UTF-8 characters), not bytes.
qsizetype cellWidth(const QByteArray &cell)
{
    qsizetype w = 0;
    for (char c : cell)
        if ((uchar(c) & 0xC0) != 0x80)
            ++w;
    return w;
}
} // namespace

void TabWriter::writeLines(QByteArray *out, qsizetype line0, qsizetype line1) const
{
    for (qsizetype i = line0; i < line1; ++i) {
        const QList<QByteArray> &cells = m_lines[i];
        for (qsizetype j = 0; j < cells.size(); ++j) {
            out->append(cells[j]);
            if (j < m_widths.size() && j + 1 < cells.size())
                out->append(QByteArray(m_widths[j] - cellWidth(cells[j]), ' '));
        }
        out->append('\n');
    }
}

void TabWriter::format(QByteArray *out, qsizetype line0, qsizetype line1)
{
    const qsizetype column = m_widths.size();
    for (qsizetype i = line0; i < line1; ++i) {
        if (column >= m_lines[i].size() - 1)
            continue;
        // A cell in this column: a block of lines that all have one starts here.
        writeLines(out, line0, i);
        line0 = i;
        qsizetype width = m_minWidth;
        for (; i < line1; ++i) {
            if (column >= m_lines[i].size() - 1)
                break;
            width = std::max(width, cellWidth(m_lines[i][column]) + m_padding);
        }
        m_widths.append(width);
        format(out, line0, i);
        m_widths.removeLast();
        line0 = i; // the line that ended the block has no such cell: the loop's ++i skips it
    }
    writeLines(out, line0, line1);
}

void TabWriter::flush(QByteArray *out)
{
    m_widths.clear();
    format(out, 0, m_lines.size());
    m_lines.clear();
}

} // namespace gateline::gen
