// Package delivery sends the outbox: the messages a turn wrote in its own
// transaction (replies to customers, relays into agents' threads, agents'
// replies, notices) are sent on their platform by a Worker, one per
// channel, after the turn commits.
//
// Guarantees, as tested in this package:
//
//   - Nothing written is lost: a message stays in the outbox until its
//     platform accepted it or it is given up, across restarts.
//   - Per-recipient order: a recipient's (chat's, thread's) messages are
//     sent one at a time, oldest first; a message waits until the ones
//     before it were sent or given up. Recipients go on independently.
//   - Retries with exponential backoff and jitter after a failure; a
//     platform's "retry after" (429) delays that recipient only, and is not
//     counted as an attempt.
//   - At least once: a message whose send timed out, or whose process died
//     before it was marked sent, is sent again, with the same idempotency
//     key (OutboxMessage.IdemKey), which the transport passes on where the
//     platform dedupes.
//   - After MaxAttempts failures, or at once on a refusal the platform
//     will not change its mind about (Permanent), the message is a dead
//     letter: kept in the outbox as "dead", logged, counted in
//     supportbot_outbox_dead_letters_total, and handed to OnDead.
package delivery
