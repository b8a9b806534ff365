// Traefik access log in JSON, one object per line.
#pragma once

#include "logparser.h"

#include <QByteArray>

namespace gateline {

class TraefikJsonParser : public LineParser
{
public:
    SourceFormat format() const override { return SourceFormat::TraefikJson; }
    int sniff(QByteArrayView head) const override;

protected:
    bool parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                   QString *reason) override;

private:
    // Decoded strings of the current line; the record's views point here until it is appended.
    QByteArray m_client, m_method, m_path, m_host, m_upstream, m_router;
};

} // namespace gateline
