// The ISA-L (igzip) engine of Inflater; built only where CMake found libisal.
#include "inflater.h"

#if GATELINE_HAVE_ISAL
#include <isa-l/igzip_lib.h>

#include <QByteArray>
#include <algorithm>
#include <limits>
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
        startMember();
    }

    void setInput(const char *data, qint64 size) override
    {
        m_inputStart = reinterpret_cast<uint8_t *>(const_cast<char *>(data));
        m_state->next_in = m_inputStart;
        m_state->avail_in = uint32_t(std::clamp<qint64>(size, 0, std::numeric_limits<uint32_t>::max()));
    }
    qint64 inputLeft() const override { return m_state->avail_in; }

    Status inflate(char *out, qint64 room, qint64 *produced) override
    {
        inflate_state &s = *m_state;
        *produced = 0;
        if (m_phase == Phase::Wrapper) {
            if (s.avail_in == 0)
                return Status::Progress;
            // The gzip magic, or else a zlib header (as zlib's automatic header detection).
            m_gzip = s.next_in[0] == 0x1f;
            m_phase = Phase::Header;
        }
        if (m_phase == Phase::Header) {
            // Read apart from the data, into headers that persist across calls: a header may be
            // split over two reads of input (isal_inflate's own header parsing cannot resume then).
            const int rc = m_gzip ? isal_read_gzip_header(&s, &m_gzipHeader) : isal_read_zlib_header(&s, &m_zlibHeader);
            if (rc == ISAL_END_INPUT)
                return Status::Progress; // the rest of the header comes with the next input
            if (rc != ISAL_DECOMP_OK)
                return fail(rc);
            if (!m_gzip && m_zlibHeader.dict_flag)
                return fail(ISAL_NEED_DICT);
            s.crc_flag = m_gzip ? ISAL_GZIP_NO_HDR_VER : ISAL_ZLIB_NO_HDR_VER; // data, then the checked trailer
            m_phase = Phase::Data;
        }
        s.next_out = reinterpret_cast<uint8_t *>(out);
        s.avail_out = uint32_t(std::clamp<qint64>(room, 0, 1 << 30));
        const int rc = isal_inflate(&s);
        *produced = qint64(reinterpret_cast<char *>(s.next_out) - out);
        if (rc < 0 || rc == ISAL_NEED_DICT)
            return fail(rc);
        return s.block_state == ISAL_BLOCK_FINISH ? Status::MemberEnd : Status::Progress;
    }

    void nextMember() override
    {
        // ISA-L may hold whole bytes past the member's end in its bit buffer (after a zlib trailer);
        // a reset drops them, so hand them back: step back over them in the input if they are still
        // there, else carry them (with the rest of the input) in a buffer of our own.
        inflate_state &s = *m_state;
        const int held = std::max(0, s.read_in_length / 8);
        uint8_t *in = s.next_in;
        uint32_t left = s.avail_in;
        if (held > 0 && in - m_inputStart >= held) {
            in -= held;
            left += uint32_t(held);
        } else if (held > 0) {
            QByteArray carry;
            for (int b = 0; b < held; ++b)
                carry.append(char((s.read_in >> (8 * b + s.read_in_length % 8)) & 0xff));
            carry.append(reinterpret_cast<const char *>(in), left);
            m_carry = carry;
            in = m_inputStart = reinterpret_cast<uint8_t *>(m_carry.data());
            left = uint32_t(m_carry.size());
        }
        isal_inflate_reset(&s);
        s.next_in = in;
        s.avail_in = left;
        startMember();
    }

    QString errorText() const override { return m_error; }

private:
    enum class Phase { Wrapper, Header, Data };

    void startMember()
    {
        m_phase = Phase::Wrapper;
        isal_gzip_header_init(&m_gzipHeader); // name, comment and extra: not kept
        isal_zlib_header_init(&m_zlibHeader);
    }

    Status fail(int rc)
    {
        m_error = isalErrorText(rc);
        return Status::Error;
    }

    std::unique_ptr<inflate_state> m_state;
    isal_gzip_header m_gzipHeader {};
    isal_zlib_header m_zlibHeader {};
    Phase m_phase = Phase::Wrapper;
    bool m_gzip = true;
    uint8_t *m_inputStart = nullptr; // start of the current input buffer
    QByteArray m_carry;              // input handed back after a member, when it had to be copied
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
