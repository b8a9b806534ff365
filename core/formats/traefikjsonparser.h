// Traefik access log in JSON, one object per line.
#pragma once

#include "logparser.h"

namespace gateline {

class TraefikJsonParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::TraefikJson; }
    int sniff(QByteArrayView head) const override;

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
};

} // namespace gateline
