// Package discord lets customers talk to the bot on Discord: in direct
// messages, and by mentioning the bot in the shop's support channel.
//
// The adapter turns what the gateway delivers into bot.Incoming messages and
// the engine's replies into Discord messages:
//
//   - A direct message belongs to conversation "discord:dm:<channel id>".
//     In the support channel each customer has their own conversation,
//     "discord:<channel id>:<user id>", and the bot answers only messages
//     that mention it (the mention is removed from the text). Messages
//     anywhere else, the bot's own, other bots' and webhooks' are ignored.
//   - Buttons are message components whose custom_id is the reply's
//     payload. A press is acknowledged at once with a deferred update,
//     before anything is written to the database (a write may wait for the
//     writer while an import holds it, and Discord invalidates an
//     interaction not answered within 3 seconds), then handled like a
//     message. In the support channel a press counts for the person who
//     pressed, in their own conversation, whoever the button was first
//     shown to.
//   - Image attachments (content type image/*, size-limited, checked again
//     on the downloaded bytes) reach the engine as Incoming.Attachments: the
//     photo of a wrong item received.
//   - A few text commands, with "!" or "/" before them: help (aide), logout
//     (deconnexion), language fr|en (langue). They are plain text rather
//     than application commands, so nothing has to be registered with
//     Discord. In the support channel they follow the mention.
//
// Delivery. The message ID (or "interaction:" and the interaction ID) is
// the delivery the turn consumes: the engine records it in the turn's
// transaction (bot.Incoming.Delivery), with the conversation, its
// transcript and the replies queued in the outbox, so a message the
// gateway replays after a resume, or the history read again after a new
// session (see backfill), is handled once, even across a restart, and one
// whose turn did not commit — a crash in the middle — is handled as new.
// What the adapter answers itself (commands, notices) is recorded when
// answered: at most once. Messages of one conversation are handled one at
// a time in the order the gateway delivered them; conversations run in
// parallel. A DM's messages sent while the bot was away are read back in
// its lane before the first message the gateway delivers in it, and the
// support channel's live messages wait until its history is queued, so a
// customer's messages are handled in the order they were sent.
//
// Outbound, when the engine writes Discord's replies to the outbox
// (bot.Engine.SetOutbox), the delivery worker sends them through Deliver:
// in order per conversation, a 429 delaying that conversation only by its
// retry_after (a second when Discord names none) without counting as an
// attempt, and each message posted with a nonce and enforce_nonce, so that
// a retry after an unknown outcome finds the message already created.
// Otherwise the adapter posts the replies itself. Either way the session
// is built without the library's unbounded retry, so a rate limit comes
// back as *discordgo.RateLimitError: the adapter's own posts wait
// retry_after themselves, a bounded number of times and never longer than
// Config.MaxRateLimitWait at once. A global limiter keeps the bot under
// Discord's 50 requests per second. Texts over Discord's 2,000 characters
// are cut at paragraph, line or word boundaries.
//
// Nothing the customer writes, and no token, is logged: logs carry IDs,
// sizes and outcomes. Errors from the HTTP client are stripped of their URL,
// which for interactions contains the interaction's token.
package discord
