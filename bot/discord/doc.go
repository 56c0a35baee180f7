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
//     payload. A press is acknowledged at once (a deferred update, well
//     within Discord's 3 seconds), then handled like a message; the answer
//     comes as follow-up messages of the interaction. In the support channel
//     a press counts for the person who pressed, in their own conversation,
//     whoever the button was first shown to.
//   - Image attachments (content type image/*, size-limited, checked again
//     on the downloaded bytes) reach the engine as Incoming.Attachments: the
//     photo of a wrong item received.
//   - A few text commands, with "!" or "/" before them: help (aide), logout
//     (deconnexion), language fr|en (langue). They are plain text rather
//     than application commands, so nothing has to be registered with
//     Discord. In the support channel they follow the mention.
//
// Delivery is at most once per message: the message ID (or interaction ID)
// is marked processed in the store before the engine sees it, so a message
// the gateway replays after a resume, or the history read again after a new
// session (see backfill), is answered once, even across a restart. A crash in
// the middle of a turn loses that one turn rather than answering it twice.
// Messages of one conversation are handled one at a time in the order the
// gateway delivered them; conversations run in parallel.
//
// Outbound, the bot never lets the library sleep on a 429 for as long as
// Discord says: the session is built without the library's unbounded
// retry, so a rate limit comes back as *discordgo.RateLimitError, and the
// adapter waits retry_after itself, a bounded number of times and never
// longer than Config.MaxRateLimitWait at once, then sends again. A global
// limiter keeps the bot under Discord's 50 requests per second. Texts over
// Discord's 2,000 characters are cut at paragraph, line or word boundaries.
//
// Nothing the customer writes, and no token, is logged: logs carry IDs,
// sizes and outcomes. Errors from the HTTP client are stripped of their URL,
// which for interactions contains the interaction's token.
package discord
