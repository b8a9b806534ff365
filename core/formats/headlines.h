// The whole lines at the start of a file's head, for the parsers' sniffers.
#pragma once

#include <QByteArrayView>

namespace gateline {

// The sniffers see at most the first 64 KiB of a file: a head shorter than that is the whole file.
inline bool headIsWholeFile(QByteArrayView head)
{
    return head.size() < 64 * 1024;
}

// Calls fn(line) for each of the first maxLines lines of head (blank ones included, '\r' kept). The
// last line, without its newline, only counts when head is the whole file: in a longer file it is
// cut at the head's end and says nothing.
template <typename Fn>
void forEachHeadLine(QByteArrayView head, int maxLines, Fn fn)
{
    const bool whole = headIsWholeFile(head);
    qsizetype pos = 0;
    for (int n = 0; pos < head.size() && n < maxLines; ++n) {
        qsizetype nl = head.indexOf('\n', pos);
        if (nl < 0) {
            if (!whole)
                break;
            nl = head.size();
        }
        const QByteArrayView line = head.sliced(pos, nl - pos);
        pos = nl + 1;
        fn(line);
    }
}

} // namespace gateline
