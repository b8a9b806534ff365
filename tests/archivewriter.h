// Writes test archives and gzip files in memory: ustar entries with any name (including "../x"
// and absolute ones, which a careful writer would refuse), gzip members, and zip via libarchive.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace testutil {

QByteArray gzip(const QByteArray &data, int level = 6);
// A gzip member whose header has every optional part: name, comment, extra field and header CRC.
QByteArray gzipFullHeader(const QByteArray &data);
QByteArray tar(const QList<QPair<QByteArray, QByteArray>> &entries); // (name, content)
QByteArray zip(const QList<QPair<QByteArray, QByteArray>> &entries);
bool writeFile(const QString &path, const QByteArray &data);

} // namespace testutil
