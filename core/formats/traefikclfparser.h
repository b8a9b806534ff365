// Traefik access log in CLF with Traefik's extras.
#pragma once

#include "logparser.h"

namespace gateline {

class TraefikClfParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::TraefikClf; }
    int sniff(QByteArrayView head) const override;

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;
};

} // namespace gateline
