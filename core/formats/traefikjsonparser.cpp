// PLACEHOLDER-UNTIL-HELPER-WRITES-IT (replaced in this session)
#include "traefikjsonparser.h"
namespace gateline {
int TraefikJsonParser::sniff(QByteArrayView) const { return 0; }
bool TraefikJsonParser::parseLine(QByteArrayView, LineOffset, qint64, SourceData &, QString *) { return false; }
}
