// Interns byte strings: every distinct string is stored once and named by a 32-bit id.
#pragma once

#include "columns.h"

#include <QByteArrayView>
#include <QString>
#include <memory>
#include <vector>

namespace gateline {

class StringPool
{
public:
    static constexpr quint32 Empty = 0; // id 0 is always the empty string

    StringPool();
    quint32 intern(QByteArrayView s);
    // Id of s if already interned, else -1 (never inserts).
    qint64 find(QByteArrayView s) const;
    QByteArrayView view(quint32 id) const { return m_strings[id]; }
    QString string(quint32 id) const { return QString::fromUtf8(view(id)); }
    quint32 size() const { return quint32(m_strings.size()); }
    qsizetype bytesUsed() const;
    // When no more strings will come (or rarely): gives back the last block's unused room and the
    // hash table (rebuilt if intern() is called again; find() then scans).
    void squeeze();

private:
    static quint32 hash(QByteArrayView s);
    void grow();
    void rebuildSlots();
    const char *store(QByteArrayView s);

    ChunkedVector<QByteArrayView> m_strings; // chunked: no doubling slack, no copy when it grows
    // Open addressing, linear probing. A slot is (hash << 32) | (id + 1), 0 = free: the hash both
    // places the slot and rules out most mismatches without touching the string.
    std::vector<quint64> m_slots;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    qsizetype m_blockUsed = 0;
    qsizetype m_blockSize = 0;
    qsizetype m_totalBlockBytes = 0;
};

} // namespace gateline
