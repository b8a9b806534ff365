// Reading a memory-mapped file safely. Another program may cut the file short while it is mapped
// (logrotate's copytruncate, an editor saving over it); touching a page past the new end then
// raises SIGBUS, which would end the process. guardMappedRead() runs a read of mapped bytes so
// that this signal, on the calling thread, makes it return false instead: the stream reports the
// damage and keeps what came before it, as for any other damaged file.
#pragma once

namespace gateline {

namespace detail {
bool guardMappedRead(void (*read)(void *), void *context);
} // namespace detail

// Runs read(); false if it touched a page of a mapped file that no longer exists. read is left by
// a long jump then: it must hold no lock and own no resource that needs a destructor to run (an
// inflate engine's call on its own state and buffers, which the caller drops after a false).
template <typename Read>
bool guardMappedRead(const Read &read)
{
    return detail::guardMappedRead([](void *f) { (*static_cast<const Read *>(f))(); },
                                   const_cast<void *>(static_cast<const void *>(&read)));
}

} // namespace gateline
