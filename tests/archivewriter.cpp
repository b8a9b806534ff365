#include "archivewriter.h"

#include <QFile>
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <cstring>

namespace testutil {

namespace {
QByteArray deflateGzip(const QByteArray &data, int level, gz_header *header)
{
    z_stream z {};
    deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    if (header)
        deflateSetHeader(&z, header);
    QByteArray out;
    out.resize(qsizetype(deflateBound(&z, uLong(data.size()))) + 64);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}
} // namespace

QByteArray gzip(const QByteArray &data, int level)
{
    return deflateGzip(data, level, nullptr);
}

QByteArray gzipFullHeader(const QByteArray &data)
{
    gz_header h {};
    QByteArray name("access.log"), comment("rotated"), extra("AB\x04\x00xyzw", 8);
    h.name = reinterpret_cast<Bytef *>(name.data());
    h.comment = reinterpret_cast<Bytef *>(comment.data());
    h.extra = reinterpret_cast<Bytef *>(extra.data());
    h.extra_len = uInt(extra.size());
    h.hcrc = 1;
    h.time = 1700000000;
    return deflateGzip(data, 6, &h);
}

QByteArray tar(const QList<QPair<QByteArray, QByteArray>> &entries)
{
    QByteArray out;
    for (const auto &[name, content] : entries) {
        char h[512];
        std::memset(h, 0, sizeof h);
        std::memcpy(h, name.constData(), size_t(std::min<qsizetype>(name.size(), 99)));
        std::memcpy(h + 100, "0000644", 7);
        std::memcpy(h + 108, "0000000", 7);
        std::memcpy(h + 116, "0000000", 7);
        std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(content.size()));
        std::memcpy(h + 136, "00000000000", 11);
        h[156] = '0';
        std::memcpy(h + 257, "ustar", 5);
        h[262] = '\0';
        std::memcpy(h + 263, "00", 2);
        std::memset(h + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : h)
            sum += c;
        std::snprintf(h + 148, 8, "%06o", sum);
        h[155] = ' ';
        out.append(h, 512);
        out.append(content);
        out.append(QByteArray((512 - content.size() % 512) % 512, '\0'));
    }
    out.append(QByteArray(1024, '\0'));
    return out;
}

QByteArray zip(const QList<QPair<QByteArray, QByteArray>> &entries)
{
    QByteArray buffer(4 << 20, '\0');
    size_t used = 0;
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_open_memory(a, buffer.data(), size_t(buffer.size()), &used);
    for (const auto &[name, content] : entries) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, name.constData());
        archive_entry_set_size(e, content.size());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_write_header(a, e);
        archive_write_data(a, content.constData(), size_t(content.size()));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    buffer.resize(qsizetype(used));
    return buffer;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace testutil
