#include "inflater.h"

#include <zlib.h>

namespace gateline {

std::unique_ptr<Inflater> makeIsalInflater(); // isalinflater.cpp; nullptr without ISA-L

namespace {

class ZlibInflater : public Inflater
{
public:
    ZlibInflater() { m_ok = inflateInit2(&m_z, 15 + 32) == Z_OK; } // 15 + 32: gzip or zlib header
    ~ZlibInflater() override
    {
        if (m_ok)
            inflateEnd(&m_z);
    }
    bool ok() const { return m_ok; }

    void setInput(const char *data, qint64 size) override
    {
        m_z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
        m_z.avail_in = uInt(size);
    }
    qint64 inputLeft() const override { return m_z.avail_in; }

    Status inflate(char *out, qint64 room, qint64 *produced) override
    {
        m_z.next_out = reinterpret_cast<Bytef *>(out);
        m_z.avail_out = uInt(std::min<qint64>(room, 1 << 30));
        const int rc = ::inflate(&m_z, Z_NO_FLUSH);
        *produced = qint64(reinterpret_cast<char *>(m_z.next_out) - out);
        if (rc == Z_STREAM_END)
            return Status::MemberEnd;
        if (rc == Z_OK || rc == Z_BUF_ERROR)
            return Status::Progress;
        m_error = QString::fromLatin1(m_z.msg ? m_z.msg : rc == Z_NEED_DICT ? "needs a preset dictionary" : "data error");
        return Status::Error;
    }

    void nextMember() override { inflateReset(&m_z); }
    QString errorText() const override { return m_error; }

private:
    z_stream m_z {};
    bool m_ok = false;
    QString m_error;
};

} // namespace

std::unique_ptr<Inflater> Inflater::create(Engine engine)
{
    if (engine != Engine::Zlib) {
        if (auto isal = makeIsalInflater())
            return isal;
        if (engine == Engine::Isal)
            return nullptr;
    }
    auto z = std::make_unique<ZlibInflater>();
    if (!z->ok())
        return nullptr;
    return z;
}

bool Inflater::isalBuiltIn()
{
    return makeIsalInflater() != nullptr;
}

} // namespace gateline
