// Pull-based byte streams: a plain file, a memory buffer, a gzip layer, an archive entry.
// Every parser reads from one of these; errors are kept as a clear message, and whatever was
// read before an error stays valid (a truncated gzip still yields what came before the damage).
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <memory>

namespace gateline {

class ByteStream
{
public:
    virtual ~ByteStream() = default;
    // Reads up to max bytes. Returns the count, 0 at the end or on error (then error() says why).
    virtual qint64 read(char *buf, qint64 max) = 0;
    // Bytes of the underlying input consumed so far, and its total size (-1 if unknown): for progress.
    virtual qint64 inputPosition() const = 0;
    virtual qint64 inputSize() const = 0;
    QString error() const { return m_error; }

protected:
    QString m_error;
};

class FileStream : public ByteStream
{
public:
    explicit FileStream(const QString &path);
    bool isOpen() const { return m_file.isOpen(); }
    qint64 read(char *buf, qint64 max) override;
    qint64 inputPosition() const override { return m_pos; }
    qint64 inputSize() const override { return m_size; }

private:
    QFile m_file;
    qint64 m_pos = 0;
    qint64 m_size = -1;
};

class MemoryStream : public ByteStream
{
public:
    explicit MemoryStream(QByteArray data) : m_data(std::move(data)) {}
    qint64 read(char *buf, qint64 max) override;
    qint64 inputPosition() const override { return m_pos; }
    qint64 inputSize() const override { return m_data.size(); }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

// Replays a peeked head before the rest of the inner stream (for content sniffing).
class PeekStream : public ByteStream
{
public:
    explicit PeekStream(std::unique_ptr<ByteStream> inner);
    // Reads (and keeps) up to n bytes from the start of the stream.
    QByteArray peek(qint64 n);
    qint64 read(char *buf, qint64 max) override;
    qint64 inputPosition() const override { return m_inner->inputPosition(); }
    qint64 inputSize() const override { return m_inner->inputSize(); }
    ByteStream *inner() const { return m_inner.get(); }

private:
    std::unique_ptr<ByteStream> m_inner;
    QByteArray m_head;
    qint64 m_headPos = 0;
};

bool looksGzip(const QByteArray &head);
bool looksZip(const QByteArray &head);
bool looksTar(const QByteArray &head);

} // namespace gateline
