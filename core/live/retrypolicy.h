// Bounded retries with exponential backoff, and the per-request transfer timeout.
#pragma once

namespace gateline {

struct RetryPolicy {
    int maxAttempts = 5;          // attempts in a row that may fail before giving up (>= 1)
    int initialBackoffMs = 500;   // the wait after the first failure
    int maxBackoffMs = 15000;     // the cap
    int transferTimeoutMs = 20000; // no byte for this long aborts a request

    // The wait before attempt number `attempt` + 1, after `attempt` (>= 1) failures in a row:
    // initial * 2^(attempt-1), capped.
    int backoffMs(int attempt) const;
};

} // namespace gateline
