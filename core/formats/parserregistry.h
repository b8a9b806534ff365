// Knows every format: creates a parser for a format and sniffs a source's format from its content.
#pragma once

#include "logparser.h"

#include <QList>
#include <memory>

namespace gateline {

struct SniffResult {
    SourceFormat format = SourceFormat::Unknown;
    int score = 0;
    QString reason; // why nothing matched (binary, empty, ...)
};

class ParserRegistry
{
public:
    static QList<SourceFormat> formats();
    static std::unique_ptr<LogParser> create(SourceFormat f);
    // Picks the best-scoring format for a source that starts with head (file names mean nothing).
    static SniffResult sniff(QByteArrayView head);
};

} // namespace gateline
