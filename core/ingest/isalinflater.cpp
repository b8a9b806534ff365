// The ISA-L (igzip) engine of Inflater; built only where CMake found libisal.
#include "inflater.h"

#if GATELINE_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

namespace gateline {

#if GATELINE_HAVE_ISAL
namespace {

QString isalErrorText(int rc)
{
    switch (rc) {
    case ISAL_INVALID_BLOCK: return QStringLiteral("invalid block type");
    case ISAL_INVALID_SYMBOL: return QStringLiteral("invalid code");
    case ISAL_INVALID_LOOKBACK: return QStringLiteral("invalid distance too far back");
    case ISAL_INVALID_WRAPPER: return QStringLiteral("incorrect header check");
    case ISAL_UNSUPPORTED_METHOD: return QStringLiteral("unknown compression method");
    case ISAL_INCORRECT_CHECKSUM: return QStringLiteral("incorrect data check");
    case ISAL_NEED_DICT: return QStringLiteral("needs a preset dictionary");
    default: return QStringLiteral("data error (%1)").arg(rc);
    }
}

class IsalInflater : public Inflater
{
public:
    IsalInflater()
        : m_state(std::make_unique<inflate_state>())
    {
        isal_inflate_init(m_state.get());
    }

    void setInput(const char *data, qint64 size) override
    {
        m_state->next_in = reinterpret_cast<uint8_t *>(const_cast<char *>(data));
        m_state->avail_in = uint32_t(size);
    }
    qint64 inputLeft() const override { return m_state->avail_in; }

    Status inflate(char *out, qint64 room, qint64 *produced) override
    {
        inflate_state &s = *m_state;
        if (!m_wrapperChosen && s.avail_in > 0) {
            // The gzip magic, or else a zlib header (as zlib's automatic header detection).
            s.crc_flag = s.next_in[0] == 0x1f ? ISAL_GZIP : ISAL_ZLIB;
            m_wrapperChosen = true;
        }
        s.next_out = reinterpret_cast<uint8_t *>(out);
        s.avail_out = uint32_t(std::min<qint64>(room, 1 << 30));
        const int rc = m_wrapperChosen ? isal_inflate(&s) : ISAL_DECOMP_OK;
        *produced = qint64(reinterpret_cast<char *>(s.next_out) - out);
        if (rc < 0 || rc == ISAL_NEED_DICT) {
            m_error = isalErrorText(rc);
            return Status::Error;
        }
        return s.block_state == ISAL_BLOCK_FINISH ? Status::MemberEnd : Status::Progress;
    }

    void nextMember() override
    {
        // Reset keeps nothing of the input: carry the unconsumed bytes over.
        uint8_t *in = m_state->next_in;
        const uint32_t left = m_state->avail_in;
        isal_inflate_reset(m_state.get());
        m_state->next_in = in;
        m_state->avail_in = left;
        m_wrapperChosen = false;
    }

    QString errorText() const override { return m_error; }

private:
    std::unique_ptr<inflate_state> m_state;
    bool m_wrapperChosen = false;
    QString m_error;
};

} // namespace

std::unique_ptr<Inflater> makeIsalInflater()
{
    return std::make_unique<IsalInflater>();
}
#else
std::unique_ptr<Inflater> makeIsalInflater()
{
    return nullptr;
}
#endif

} // namespace gateline
