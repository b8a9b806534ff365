// A stable, human-readable text form of a source's records: the golden-file format of parser tests.
#pragma once

#include "sourcedata.h"

#include <QString>

namespace gateline {

// One line per record ("time kind status/upstream dur client method path ..." with empty fields
// left out), then the rejects by reason, then the notes.
QString dumpRecords(const SourceData &s);

} // namespace gateline
