// Package slack is the support team's desk in Slack: where the engine's
// hand-offs meet the people who answer them.
//
// When the engine hands a conversation over (bot.AgentDesk.Open), the desk
// posts one root message to the support channel: who the customer is (their
// name only once verified), the channel, the language, the order concerned,
// the reason and the ticket, the last messages of the conversation, and the
// buttons Take and Resolve. The reference of the hand-off is that message,
// "<channel>/<ts>". The customer's next messages are posted as replies in
// its thread (Relay); photos stay in the database with the ticket, and the
// thread says one arrived. When the customer leaves the queue (Closed), the
// thread says so and the root message shows it.
//
// Inbound, what a person writes in a hand-off's thread becomes
// engine.AgentReply: the engine sends it to the customer under the agent's
// first name, or keeps it as an internal note when it starts with "note:".
// Take and Resolve become engine.AgentTake and engine.AgentResolve, and the
// root message shows who has the conversation. The slash commands /order,
// /customer, /points and /handoffs answer the agent who typed them, and no
// one else.
//
// Only the support team may do any of this: the members of the support
// channel, or of a configured user group (Config.UserGroup), read from
// Slack and kept a minute. The slash commands answer only in the support
// channel or in a direct message with the app, never where colleagues
// outside the team may read over a shoulder. What a customer wrote is
// shown in Block Kit text marked verbatim, so that Slack turns none of it
// into a mention or a link.
//
// Slack reaches the desk either over HTTP (Handler: every request's
// signature is checked on its raw bytes, a request that fails gets 401 and
// changes nothing) or over Socket Mode when an app-level token is set
// (Run). A person's thread message is queued behind the thread's earlier
// ones (one at a time per thread, in the order Slack delivered them), and
// Slack is told it was handled only once its turn committed, with the
// event_id, in the engine's transaction — within 2 seconds, or Slack is
// answered "try again" (a 503, or no Socket Mode ack) while the turn goes
// on. Slack's retry (X-Slack-Retry-Num) of an event in hand joins it; one
// of an event whose turn committed is acknowledged without being handled
// again; one whose turn did not commit (a crash) is handled as new. When
// Run stops, the desk answers 503 and lets what it holds finish. Files
// an agent shares in the thread (file_share) go to the customer as their
// public links after the text (a file without one is not sent, and the
// agent is told); an agent whose name Slack cannot tell is shown under a
// label that still says a person writes. Buttons and slash commands are
// answered at once, the work done after by Run's workers.
//
// Customers' messages into the threads come from the outbox
// (bot/delivery, Deliver): in order per thread; a rate limit, with
// Retry-After or without, delays the thread and is never counted as a
// failed attempt. Other failures are retried by the worker; the desk's own
// calls retry only rate limits, since Slack may have posted a message
// before failing.
//
// Nothing the desk logs holds message text, e-mail addresses or tokens.
package slack
