// Writing the generator's files: plain or gzip (zlib deflate with a gzip wrapper, mtime 0, so the
// bytes depend only on the content), via a .part file renamed into place, creating folders.
#pragma once

#include <QString>

namespace gateline::gen {

bool writeOutputFile(const QString &path, const char *data, size_t size, int gzipLevel, QString *error);

} // namespace gateline::gen
