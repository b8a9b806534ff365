// PLACEHOLDER-UNTIL-HELPER-WRITES-IT (replaced in this session)
#include "nginxingressparser.h"
namespace gateline {
int NginxIngressParser::sniff(QByteArrayView) const { return 0; }
bool NginxIngressParser::parseLine(QByteArrayView, LineOffset, qint64, SourceData &, QString *) { return false; }
}
