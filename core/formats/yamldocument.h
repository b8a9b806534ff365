// Converts a YAML stream (one or more documents split by `---`) into QJsonValues with yaml-cpp, for the
// Kubernetes document parsers. Never throws; bounded in depth and in alias expansion.
#pragma once

#include "logparser.h"

#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace gateline {

class YamlDocument
{
public:
    struct Document {
        QJsonValue value;             // Undefined if the document failed to load (see error)
        qint64 offset = 0;            // byte offset of the line where the document's content starts
        // For a root sequence, or a root mapping with an "items" sequence: the byte offset of the
        // line where each element starts (one per element, in order).
        QList<qint64> itemOffsets;
        QString error;                // empty if the document loaded
        qint64 errorOffset = 0;       // byte offset of the line the error points at
    };

    // Splits text at `---` / `...` lines and converts every document that holds something
    // (documents with only comments or blank lines are left out). Stops early if cancel is set.
    static QList<Document> parseStream(QByteArrayView text, const CancelFlag *cancel = nullptr);

    // Converts one YAML document (no `---` splitting). baseOffset is added to every offset.
    static Document parseOne(QByteArrayView text, qint64 baseOffset = 0);
};

} // namespace gateline
